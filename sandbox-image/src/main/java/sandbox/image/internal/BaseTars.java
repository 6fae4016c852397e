package sandbox.image.internal;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.docker.CliDockerClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import sandbox.api.SandboxException;
import sandbox.image.BaseImage;

/**
 * A base as a docker-save tar, so raw package layers can be put on top of it. A {@code tar://}
 * base already is one; a daemon image is saved; a registry image is written by a first Jib
 * run. Cached by the base's identity, so it happens once per base.
 */
final class BaseTars {

    private final Path dir;
    private final boolean insecure;
    private final JibEvents events;

    BaseTars(Path dir, boolean insecure, JibEvents events) {
        this.dir = dir;
        this.insecure = insecure;
        this.events = events;
    }

    Path materialize(BaseImage base) throws SandboxException, IOException {
        if (base instanceof BaseImage.Tar t) {
            return t.path();
        }
        String id = BaseIdentity.of(base);
        Path cached = dir.resolve(id.replace("sha256:", "") + ".tar");
        if (Files.isRegularFile(cached)) {
            return cached;
        }
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "base", ".tmp");
        try {
            if (base instanceof BaseImage.Daemon d) {
                new CliDockerClient(CliDockerClient.DEFAULT_DOCKER_CLIENT, Map.of())
                        .save(ImageReference.parse(d.name()), tmp, bytes -> { });
            } else {
                Containerizer to = Containerizer.to(TarImage.at(tmp).named("sandbox-base"))
                        .setAllowInsecureRegistries(insecure)
                        .setBaseImageLayersCache(dir.resolveSibling("jib/base"))
                        .setApplicationLayersCache(dir.resolveSibling("jib/app"))
                        .setToolName("sandbox");
                events.attach(to);
                Jib.from(Credentials.registryImage(((BaseImage.Registry) base).reference(), events)).containerize(to);
            }
            Files.move(tmp, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return cached;
        } catch (InvalidImageReferenceException | RegistryException | ExecutionException
                 | CacheDirectoryCreationException e) {
            throw new SandboxException("cannot fetch base image " + base.text() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while fetching " + base.text(), e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
