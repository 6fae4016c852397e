package sandbox.image.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;
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
                return daemonImageId(d.name()).map(imageId::equals).orElse(false);
            }
            if (target instanceof ImageTarget.Tar t) {
                return Files.isRegularFile(t.path()) && BaseIdentity.tarConfigDigest(t.path()).equals(imageId);
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * The daemon's ID for an image name, by one {@code docker image inspect}. Not through Jib's
     * docker client: the skip path of {@code up} then loads no Jib class at all (a cold JVM
     * pays for every class it loads).
     */
    static Optional<String> daemonImageId(String name) {
        CommandLine cmd = new CommandLine("docker").addArgument("image").addArgument("inspect")
                .addArgument("--format").addArgument("{{.Id}}", false).addArgument(name, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            DefaultExecutor exec = DefaultExecutor.builder().get();
            exec.setStreamHandler(new PumpStreamHandler(out, new ByteArrayOutputStream()));
            exec.setWatchdog(ExecuteWatchdog.builder().setTimeout(Duration.ofSeconds(60)).get());
            exec.execute(cmd);
            String id = out.toString(StandardCharsets.UTF_8).strip();
            return id.startsWith("sha256:") ? Optional.of(id) : Optional.empty();
        } catch (IOException e) {
            // Not installed, no daemon, or no such image: the target does not hold it.
            return Optional.empty();
        }
    }
}
