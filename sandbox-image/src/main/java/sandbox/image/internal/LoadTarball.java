package sandbox.image.internal;

import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.docker.json.DockerManifestEntryTemplate;
import com.google.cloud.tools.jib.image.Image;
import com.google.cloud.tools.jib.image.ImageTarball;
import com.google.cloud.tools.jib.image.Layer;
import com.google.cloud.tools.jib.image.json.ImageToJsonTranslator;
import com.google.cloud.tools.jib.image.json.V22ManifestTemplate;
import com.google.cloud.tools.jib.json.JsonTemplateMapper;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The image behind a Jib {@link ImageTarball}, written as a {@code docker load} tarball whose
 * first layers may be left empty. Jib hands a daemon client only the tarball, whose layers come
 * before the config that names their diff IDs; reading its image (a private field of jib-core
 * 0.28) gives the diff IDs up front without reading the layers. Entry names, the config bytes
 * and the manifest are made exactly as {@code ImageTarball} makes them, so the image ID is the one
 * Jib reports.
 */
final class LoadTarball {

    private final Image image;
    private final String repoTag;

    private LoadTarball(Image image, String repoTag) {
        this.image = image;
        this.repoTag = repoTag;
    }

    /** Empty when this Jib keeps its image elsewhere or the image is OCI (Docker 20.10 loads only v2.2 tars). */
    static Optional<LoadTarball> of(ImageTarball tarball, String target) {
        try {
            Field field = ImageTarball.class.getDeclaredField("image");
            field.setAccessible(true);
            Image image = (Image) field.get(tarball);
            if (image.getImageFormat() != V22ManifestTemplate.class) {
                return Optional.empty();
            }
            return Optional.of(new LoadTarball(image, ImageReference.parse(target).toStringWithQualifier()));
        } catch (ReflectiveOperationException | RuntimeException | InvalidImageReferenceException e) {
            return Optional.empty();
        }
    }

    List<DescriptorDigest> diffIds() {
        List<DescriptorDigest> out = new ArrayList<>();
        for (Layer layer : image.getLayers()) {
            out.add(layer.getDiffId());
        }
        return out;
    }

    /** Writes the tarball with the first {@code skip} layer files empty; returns its size. */
    long writeWithout(int skip, Path target) throws IOException {
        DockerManifestEntryTemplate manifest = new DockerManifestEntryTemplate();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(
                new BufferedOutputStream(Files.newOutputStream(target), 1 << 16))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            List<Layer> layers = image.getLayers();
            for (int i = 0; i < layers.size(); i++) {
                Layer layer = layers.get(i);
                String name = layer.getBlobDescriptor().getDigest().getHash() + ".tar.gz";
                manifest.addLayerFile(name);
                long size = i < skip ? 0 : layer.getBlobDescriptor().getSize();
                TarArchiveEntry entry = new TarArchiveEntry(name);
                entry.setSize(size);
                tar.putArchiveEntry(entry);
                if (i >= skip) {
                    layer.getBlob().writeTo(tar);
                }
                tar.closeArchiveEntry();
            }
            put(tar, "config.json", JsonTemplateMapper.toByteArray(new ImageToJsonTranslator(image).getContainerConfiguration()));
            manifest.addRepoTag(repoTag);
            put(tar, "manifest.json", JsonTemplateMapper.toByteArray(List.of(manifest)));
        }
        return Files.size(target);
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
