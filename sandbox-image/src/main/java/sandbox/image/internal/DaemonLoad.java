package sandbox.image.internal;

import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.DockerClient;
import com.google.cloud.tools.jib.api.DockerInfoDetails;
import com.google.cloud.tools.jib.api.ImageDetails;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.docker.CliDockerClient;
import com.google.cloud.tools.jib.image.ImageTarball;
import com.google.cloud.tools.jib.json.JsonTemplateMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Loads a Jib image into the daemon without re-sending the layers it already has. Jib always
 * streams the whole image into {@code docker load}, base included; the daemon, though, never
 * opens a layer file whose chain it already holds, and checks every layer it does read against
 * the config's diff IDs. So the layers shared with what the daemon has go in as empty entries:
 * the chains this cache loaded before ({@link LoadedChains}), else what one {@code docker image
 * inspect} of the target name and a daemon base shows. A tarball that guessed wrong is refused
 * whole ("invalid diffID") and sent again in full.
 */
final class DaemonLoad implements DockerClient {

    private final boolean podman;
    private final CliDockerClient docker;
    private final DaemonImages daemon;
    private final LoadedChains loaded;
    private final String target;
    private final List<String> known;
    private final Optional<String> platform;
    private final Consumer<String> details;

    /**
     * @param executable {@code docker}, or {@code podman} for Podman's image store (always sent whole:
     *                   only Docker's loader is known to skip layers it holds)
     * @param target the name the image is loaded as
     * @param knownImages images that may share a layer prefix with the new one (the target name, a daemon base)
     * @param platform the plan's platform when it has exactly one ({@code linux/amd64})
     * @param cacheDir where the chains loaded before are remembered
     * @param details progress lines: what was sent
     */
    DaemonLoad(String executable, String target, List<String> knownImages, Optional<String> platform, Path cacheDir,
               Consumer<String> details) {
        this.podman = executable.equals("podman");
        this.docker = new CliDockerClient(Path.of(executable), Map.of());
        this.daemon = new DaemonImages(Path.of(executable));
        this.loaded = new LoadedChains(cacheDir, System.getenv());
        this.target = target;
        this.known = List.copyOf(knownImages);
        this.platform = platform;
        this.details = details;
    }

    @Override
    public boolean supported(Map<String, String> parameters) {
        return true;
    }

    /**
     * Jib asks the daemon's platform only to pick one image when it built several. With one
     * platform there is nothing to pick, so that platform is the answer and {@code docker info}
     * (the slowest docker command, ~50 ms) is not run.
     */
    @Override
    public DockerInfoDetails info() throws IOException, InterruptedException {
        if (platform.isPresent()) {
            String[] osArch = platform.get().split("/");
            return JsonTemplateMapper.readJson("{\"OSType\":\"" + osArch[0] + "\",\"Architecture\":\"" + osArch[1] + "\"}",
                    DockerInfoDetails.class);
        }
        return docker.info();
    }

    @Override
    public void save(ImageReference ref, Path out, Consumer<Long> listener) throws InterruptedException, IOException {
        docker.save(ref, out, listener);
    }

    @Override
    public ImageDetails inspect(ImageReference ref) throws IOException, InterruptedException {
        return docker.inspect(ref);
    }

    @Override
    public String load(ImageTarball tarball, Consumer<Long> listener) throws InterruptedException, IOException {
        Optional<LoadTarball> image = podman ? Optional.empty() : LoadTarball.of(tarball, target);
        if (image.isEmpty()) {
            return docker.load(tarball, listener);
        }
        List<DescriptorDigest> diffIds = image.get().diffIds();
        int shared = loaded.sharedPrefix(diffIds);
        String source = "remembered from an earlier load";
        if (shared == 0) {
            shared = daemon.sharedPrefix(known, diffIds);
            source = "inspected";
        }
        String out = null;
        if (shared > 0) {
            Path slim = Files.createTempFile("sandbox-load", ".tar");
            try {
                long bytes = image.get().writeWithout(shared, slim);
                out = daemon.load(slim);
                listener.accept(bytes);
                details.accept("sent " + (diffIds.size() - shared) + " of " + diffIds.size()
                        + " layers to the daemon (" + bytes / 1024 + " KiB); it holds the other " + shared + ", " + source);
            } catch (IOException e) {
                // The daemon no longer holds a layer it was thought to (pruned, another daemon):
                // it refused the tarball before registering anything, so the whole image goes in.
                details.accept("the daemon lacks a layer it was thought to hold; sending the whole image ("
                        + e.getMessage() + ")");
            } finally {
                Files.deleteIfExists(slim);
            }
        }
        if (out == null) {
            out = docker.load(tarball, listener);
        }
        loaded.remember(diffIds);
        return out;
    }
}
