package sandbox.image.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
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
     * A local store: the name resolves to the recorded image ID. A tar: its config digest (the
     * image ID) matches. A registry: never assumed — Jib's push skips the blobs the registry has.
     */
    static boolean holds(ImageTarget target, String imageId) {
        try {
            if (target instanceof ImageTarget.Docker d) {
                return withoutAlgorithm(imageIdIn(d)).equals(withoutAlgorithm(imageId));
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
     * {@code image inspect --format {{.Id}}}: Docker says {@code sha256:HEX}, Podman just {@code HEX}.
     * Not through Jib's docker client: the skip path of {@code up} then loads no Jib class at all.
     */
    private static String imageIdIn(ImageTarget.Docker d) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DefaultExecutor exec = DefaultExecutor.builder().get();
        exec.setStreamHandler(new PumpStreamHandler(out, new ByteArrayOutputStream()));
        exec.setWatchdog(ExecuteWatchdog.builder().setTimeout(Duration.ofMinutes(1)).get());
        exec.execute(new CommandLine(d.executable()).addArgument("image").addArgument("inspect")
                .addArgument("--format").addArgument("{{.Id}}", false).addArgument(d.name(), false));
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    private static String withoutAlgorithm(String id) {
        return id.startsWith("sha256:") ? id.substring("sha256:".length()) : id;
    }
}
