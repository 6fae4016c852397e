package sandbox.image.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.DockerClient;
import com.google.cloud.tools.jib.api.ImageDetails;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.image.ImageTarball;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * A docker-save tar presented to Jib as a daemon image. Jib re-extracts a {@code tar://} base
 * on every build, but for a daemon base it first asks {@link #inspect} and skips the copy when
 * its layer cache already holds every layer, so a warm rebuild reads only the tar's two small
 * JSON files. Loading is not supported: this is a source, never a target.
 */
final class TarBase implements DockerClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path tar;

    TarBase(Path tar) {
        this.tar = tar;
    }

    /** The reference Jib is given for this base; only {@link #inspect} and {@link #save} ever see it. */
    static String reference() {
        return "sandbox-base.invalid/tar:local";
    }

    @Override
    public boolean supported(Map<String, String> parameters) {
        return true;
    }

    @Override
    public String load(ImageTarball imageTarball, Consumer<Long> writtenByteCountListener) {
        throw new UnsupportedOperationException("a tar base is read-only");
    }

    @Override
    public void save(ImageReference imageReference, Path outputPath, Consumer<Long> writtenByteCountListener)
            throws IOException {
        Files.copy(tar, outputPath, StandardCopyOption.REPLACE_EXISTING);
        writtenByteCountListener.accept(Files.size(outputPath));
    }

    @Override
    public ImageDetails inspect(ImageReference imageReference) throws IOException {
        byte[] config;
        try (TarFile file = new TarFile(tar.toFile())) {
            JsonNode manifest = JSON.readTree(read(file, "manifest.json"));
            config = read(file, manifest.get(0).get("Config").asText());
        }
        String imageId = "sha256:" + Hashing.sha256().hashBytes(config);
        List<String> diffIds = new ArrayList<>();
        JSON.readTree(config).path("rootfs").path("diff_ids").forEach(d -> diffIds.add(d.asText()));
        long size = Files.size(tar);
        return new ImageDetails() {
            @Override
            public long getSize() {
                return size;
            }

            @Override
            public DescriptorDigest getImageId() throws DigestException {
                return DescriptorDigest.fromDigest(imageId);
            }

            @Override
            public List<DescriptorDigest> getDiffIds() throws DigestException {
                List<DescriptorDigest> out = new ArrayList<>();
                for (String d : diffIds) {
                    out.add(DescriptorDigest.fromDigest(d));
                }
                return out;
            }
        };
    }

    private byte[] read(TarFile file, String name) throws IOException {
        TarArchiveEntry entry = file.getEntries().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IOException("no " + name + " in " + tar));
        try (InputStream in = file.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }
}
