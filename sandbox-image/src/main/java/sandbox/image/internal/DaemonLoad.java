package sandbox.image.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.DockerClient;
import com.google.cloud.tools.jib.api.DockerInfoDetails;
import com.google.cloud.tools.jib.api.ImageDetails;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.docker.CliDockerClient;
import com.google.cloud.tools.jib.image.ImageTarball;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;

/**
 * Loads a Jib image into the daemon without re-sending the layers it already has. Jib always
 * streams the whole image into {@code docker load}; the daemon, though, never opens a layer
 * file whose chain it already holds. So the layers that match the start of an image the
 * daemon has (the previous build, the base) go in as empty entries: a one-line change
 * loads a few kilobytes instead of the whole base.
 */
final class DaemonLoad implements DockerClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String executable;
    private final CliDockerClient docker;
    private final List<String> known;

    /**
     * @param executable  {@code docker}, or {@code podman} for Podman's image store
     * @param knownImages images that may share a layer prefix with the new one (the target name, a daemon base)
     */
    DaemonLoad(String executable, List<String> knownImages) {
        this.executable = executable;
        this.docker = new CliDockerClient(Path.of(executable), Map.of());
        this.known = List.copyOf(knownImages);
    }

    @Override
    public boolean supported(Map<String, String> parameters) {
        return true;
    }

    @Override
    public DockerInfoDetails info() throws IOException, InterruptedException {
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
    public String load(ImageTarball image, Consumer<Long> listener) throws InterruptedException, IOException {
        Path full = Files.createTempFile("sandbox-image", ".tar");
        Path slim = Files.createTempFile("sandbox-load", ".tar");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(full), 1 << 20)) {
                image.writeTo(out);
            }
            try (TarFile tar = new TarFile(full.toFile())) {
                Map<String, String> layerDiffIds = layerFiles(tar);
                Set<String> skip = presentLayerFiles(layerDiffIds);
                listener.accept(writeWithout(tar, skip, slim));
            }
            return run(slim);
        } finally {
            Files.deleteIfExists(full);
            Files.deleteIfExists(slim);
        }
    }

    /** Layer file name in the tarball → its diff ID, in order (from the tarball's manifest and config). */
    private static Map<String, String> layerFiles(TarFile tar) throws IOException {
        JsonNode manifest = JSON.readTree(read(tar, "manifest.json")).get(0);
        JsonNode diffIds = JSON.readTree(read(tar, manifest.get("Config").asText())).path("rootfs").path("diff_ids");
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < manifest.get("Layers").size(); i++) {
            out.put(manifest.get("Layers").get(i).asText(), diffIds.get(i).asText());
        }
        return out;
    }

    private static byte[] read(TarFile tar, String name) throws IOException {
        TarArchiveEntry entry = tar.getEntries().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IOException("no " + name + " in the image tarball"));
        try (InputStream in = tar.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }

    /** The longest prefix of layers that some known image in the daemon already has. */
    private Set<String> presentLayerFiles(Map<String, String> layerDiffIds) throws InterruptedException {
        List<String> files = new ArrayList<>(layerDiffIds.keySet());
        int best = 0;
        for (String name : known) {
            try {
                List<DescriptorDigest> have = docker.inspect(ImageReference.parse(name)).getDiffIds();
                int n = 0;
                while (n < have.size() && n < files.size() && have.get(n).toString().equals(layerDiffIds.get(files.get(n)))) {
                    n++;
                }
                best = Math.max(best, n);
            } catch (IOException | DigestException | com.google.cloud.tools.jib.api.InvalidImageReferenceException e) {
                // Not in the daemon (first build, pruned): nothing to skip from it.
            }
        }
        return Set.copyOf(files.subList(0, best));
    }

    private static long writeWithout(TarFile tar, Set<String> skip, Path target) throws IOException {
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(
                new BufferedOutputStream(Files.newOutputStream(target), 1 << 20))) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (TarArchiveEntry entry : tar.getEntries()) {
                boolean empty = skip.contains(entry.getName());
                TarArchiveEntry copy = new TarArchiveEntry(entry.getName());
                copy.setModTime(entry.getModTime());
                copy.setSize(empty ? 0 : entry.getSize());
                out.putArchiveEntry(copy);
                if (!empty) {
                    try (InputStream in = tar.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                }
                out.closeArchiveEntry();
            }
        }
        return Files.size(target);
    }

    private String run(Path tar) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DefaultExecutor exec = DefaultExecutor.builder().get();
        exec.setStreamHandler(new PumpStreamHandler(out));
        exec.setWatchdog(ExecuteWatchdog.builder().setTimeout(Duration.ofMinutes(10)).get());
        try {
            exec.execute(new CommandLine(executable).addArgument("load")
                    .addArgument("-i").addArgument(tar.toString(), false));
        } catch (ExecuteException e) {
            throw new IOException("'" + executable + " load' failed: " + out.toString(StandardCharsets.UTF_8).trim(), e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
