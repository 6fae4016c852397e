package sandbox.image.internal.lock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;
import sandbox.api.SandboxException;
import sandbox.image.internal.packages.BaseFiles;
import sandbox.image.internal.packages.Digest;

/**
 * Reads what the lock needs from a base image: its id, {@code os-release} and
 * {@code /var/lib/dpkg/status}. Reads a docker-save tar ({@code tar://PATH}) directly;
 * a daemon image ({@code docker://NAME}) is first saved to a temp tar with {@code docker save}.
 */
public final class BaseReader {

    /** What a base image is, for the lock. */
    public record Base(String reference, String digest, String distribution, String release, String dpkgStatus) { }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DPKG_STATUS = "var/lib/dpkg/status";

    private BaseReader() { }

    public static Base read(String reference, Path workDir) throws SandboxException {
        if (reference.startsWith("tar://")) {
            return readSaved(reference, Path.of(reference.substring("tar://".length())));
        }
        if (reference.startsWith("docker://")) {
            Path tmp = workDir.resolve("base-" + ProcessHandle.current().pid() + ".tar");
            try {
                dockerSave(reference.substring("docker://".length()), tmp);
                return readSaved(reference, tmp);
            } finally {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // temp file in our own work dir
                }
            }
        }
        throw new SandboxException("cannot read base '" + reference + "' for locking", null,
                "use tar://PATH (a docker-save tar) or docker://NAME (an image in the local daemon)", null);
    }

    static Base readSaved(String reference, Path tar) throws SandboxException {
        if (!Files.isRegularFile(tar)) {
            throw new SandboxException("no such base image tar", tar.toString(), "make it with 'docker save'", null);
        }
        try (TarFile file = new TarFile(tar)) {
            Map<String, TarArchiveEntry> byName = new HashMap<>();
            for (TarArchiveEntry e : file.getEntries()) {
                byName.put(e.getName().replaceFirst("^\\./", ""), e);
            }
            TarArchiveEntry manifestEntry = byName.get("manifest.json");
            if (manifestEntry == null) {
                throw new SandboxException("not a docker-save tar (no manifest.json)", tar.toString(),
                        "make it with 'docker save -o FILE IMAGE'", null);
            }
            JsonNode manifest = JSON.readTree(file.getInputStream(manifestEntry)).path(0);
            String configName = manifest.path("Config").asText();
            byte[] config = file.getInputStream(require(byName, configName, tar)).readAllBytes();
            String digest = "sha256:" + Digest.of("sha256", Digest.hasher("sha256").digest(config)).hex();
            Map<String, BaseFiles.Entry> files = BaseFiles.read(tar, Set.of(DPKG_STATUS, "usr/lib/os-release", "etc/os-release"));
            String status = text(files.get(DPKG_STATUS));
            String osRelease = text(files.getOrDefault("etc/os-release", files.get("usr/lib/os-release")));
            if (status == null) {
                throw new SandboxException("the base image has no /var/lib/dpkg/status", tar.toString(),
                        "the locked packages need a Debian base", null);
            }
            Map<String, String> os = osRelease(osRelease == null ? "" : osRelease);
            return new Base(reference, digest, os.getOrDefault("ID", "debian"),
                    os.getOrDefault("VERSION_CODENAME", ""), status);
        } catch (IOException e) {
            throw new SandboxException("cannot read base image tar: " + e.getMessage(), tar.toString(), null, e);
        }
    }

    private static TarArchiveEntry require(Map<String, TarArchiveEntry> byName, String name, Path tar)
            throws SandboxException {
        TarArchiveEntry e = byName.get(name);
        if (e == null) {
            throw new SandboxException("docker-save tar lacks " + name, tar.toString(), null, null);
        }
        return e;
    }

    private static String text(BaseFiles.Entry e) {
        return e == null ? null : new String(e.content(), StandardCharsets.UTF_8);
    }

    static Map<String, String> osRelease(String text) {
        Map<String, String> out = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip().replaceAll("^\"|\"$", ""));
            }
        }
        return out;
    }

    private static void dockerSave(String image, Path out) throws SandboxException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            DefaultExecutor exec = DefaultExecutor.builder().get();
            exec.setStreamHandler(new PumpStreamHandler(java.io.OutputStream.nullOutputStream(), err));
            exec.setWatchdog(ExecuteWatchdog.builder().setTimeout(Duration.ofMinutes(10)).get());
            exec.execute(new CommandLine("docker").addArgument("save").addArgument("-o")
                    .addArgument(out.toString(), false).addArgument(image, false));
        } catch (ExecuteException e) {
            throw new SandboxException("docker save " + image + " failed: "
                    + err.toString(StandardCharsets.UTF_8).strip(), null, "is the image in the local daemon?", e);
        } catch (IOException e) {
            throw new SandboxException("cannot run docker: " + e.getMessage(), null,
                    "install Docker or use a tar:// base", e);
        }
    }
}
