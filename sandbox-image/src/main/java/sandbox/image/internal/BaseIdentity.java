package sandbox.image.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.docker.CliDockerClient;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.DigestException;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;
import sandbox.api.SandboxException;
import sandbox.image.BaseImage;

/**
 * What identifies a base's content: the digest in a pinned reference, the config digest of a
 * docker-save tar, the daemon's image ID. Each one changes exactly when a layer or the
 * configuration changes, without hashing hundreds of megabytes.
 */
public final class BaseIdentity {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BaseIdentity() {
    }

    public static String of(BaseImage base) throws SandboxException {
        if (base instanceof BaseImage.Registry r) {
            return r.reference().substring(r.reference().indexOf('@') + 1);
        }
        if (base instanceof BaseImage.Tar t) {
            return tarConfigDigest(t.path());
        }
        BaseImage.Daemon d = (BaseImage.Daemon) base;
        try {
            return new CliDockerClient(CliDockerClient.DEFAULT_DOCKER_CLIENT, Map.of())
                    .inspect(ImageReference.parse(d.name())).getImageId().toString();
        } catch (IOException | DigestException | InvalidImageReferenceException e) {
            throw new SandboxException("cannot inspect base image " + d.text() + ": " + e.getMessage(), null,
                    "is the Docker daemon running and the image present ('docker image ls')?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while inspecting " + d.text(), e);
        }
    }

    /** {@code sha256:…} of the config blob named by the tar's {@code manifest.json}. */
    public static String tarConfigDigest(Path tar) throws SandboxException {
        try (TarFile file = new TarFile(tar.toFile())) {
            TarArchiveEntry manifest = entry(file, "manifest.json", tar);
            JsonNode root;
            try (InputStream in = file.getInputStream(manifest)) {
                root = JSON.readTree(in);
            }
            if (!root.isArray() || root.size() != 1 || !root.get(0).hasNonNull("Config")) {
                throw new SandboxException("manifest.json must describe exactly one image", tar.toString(),
                        "use a tar written by 'docker save IMAGE' or 'sandbox build --to tar:…'", null);
            }
            try (InputStream in = file.getInputStream(entry(file, root.get(0).get("Config").asText(), tar))) {
                return "sha256:" + Hashing.sha256().hashBytes(in.readAllBytes());
            }
        } catch (IOException e) {
            throw new SandboxException("cannot read base image tar: " + e.getMessage(), tar.toString(),
                    "use a tar written by 'docker save IMAGE'", e);
        }
    }

    private static TarArchiveEntry entry(TarFile file, String name, Path tar) throws SandboxException {
        return file.getEntries().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new SandboxException("no " + name + " in the tar", tar.toString(),
                        "use a docker-save tar (an OCI layout is not supported)", null));
    }
}
