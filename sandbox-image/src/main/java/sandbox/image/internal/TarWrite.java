package sandbox.image.internal;

import com.google.cloud.tools.jib.api.DockerClient;
import com.google.cloud.tools.jib.api.DockerInfoDetails;
import com.google.cloud.tools.jib.api.ImageDetails;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.image.ImageTarball;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@code --to tar} target for a one-platform plan: Jib "loads" the image here and it is
 * written to a file, by {@link DockerTarball} (cached layers copied without Jib's re-hashing).
 * Jib's {@code TarImage} writes the same bytes, only slower; it stays in use for OCI images,
 * and for several platforms (which a tar cannot hold, and it says so).
 */
final class TarWrite implements DockerClient {

    private final Path file;
    private final String name;
    private final String platform;

    /** @param platform the plan's only platform, {@code os/arch} */
    TarWrite(Path file, String name, String platform) {
        this.file = file;
        this.name = name;
        this.platform = platform;
    }

    @Override
    public boolean supported(Map<String, String> parameters) {
        return true;
    }

    /** Jib asks only to pick among several built platforms; there is one. */
    @Override
    public DockerInfoDetails info() throws IOException {
        return DaemonLoad.platformInfo(platform);
    }

    @Override
    public String load(ImageTarball tarball, Consumer<Long> listener) throws IOException {
        Optional<DockerTarball> image = DockerTarball.of(tarball, name);
        if (image.isPresent()) {
            listener.accept(image.get().write(file, 0));
        } else {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                tarball.writeTo(out);
            }
            listener.accept(Files.size(file));
        }
        return "";
    }

    @Override
    public void save(ImageReference ref, Path out, Consumer<Long> listener) {
        throw new UnsupportedOperationException("a tar target is written, never read");
    }

    @Override
    public ImageDetails inspect(ImageReference ref) {
        throw new UnsupportedOperationException("a tar target is written, never read");
    }
}
