package sandbox.image.internal;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.docker.CliDockerClient;
import java.nio.file.Files;
import java.util.Map;
import sandbox.image.ImageTarget;

/** Whether a target still holds the image a build recorded, so an unchanged plan can skip. */
final class TargetCheck {

    private TargetCheck() {
    }

    /**
     * A daemon: the name resolves to the recorded image ID. A tar: its config digest (the image
     * ID) matches. A registry: never assumed — Jib's push skips the blobs the registry has.
     */
    static boolean holds(ImageTarget target, String imageId) {
        try {
            if (target instanceof ImageTarget.Docker d) {
                return new CliDockerClient(CliDockerClient.DEFAULT_DOCKER_CLIENT, Map.of())
                        .inspect(ImageReference.parse(d.name())).getImageId().toString().equals(imageId);
            }
            if (target instanceof ImageTarget.Tar t) {
                return Files.isRegularFile(t.path()) && BaseIdentity.tarConfigDigest(t.path()).equals(imageId);
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }
}
