package sandbox.image.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;

/** The project's git origin and HEAD for the OCI source/revision labels; empty when there is no git. */
final class GitInfo {

    private GitInfo() {
    }

    static Optional<String> head(Path root) {
        return git(root, "rev-parse", "HEAD");
    }

    /** The origin URL without any user:token part, which must never land in a label. */
    static Optional<String> originUrl(Path root) {
        return git(root, "config", "--get", "remote.origin.url").map(u -> u.replaceFirst("^([a-z+]+://)[^/@]*@", "$1"));
    }

    private static Optional<String> git(Path root, String... args) {
        CommandLine cmd = new CommandLine("git").addArgument("-C").addArgument(root.toString(), false);
        for (String a : args) {
            cmd.addArgument(a, false);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            DefaultExecutor exec = DefaultExecutor.builder().get();
            exec.setStreamHandler(new PumpStreamHandler(out, new ByteArrayOutputStream()));
            exec.setWatchdog(ExecuteWatchdog.builder().setTimeout(Duration.ofSeconds(10)).get());
            exec.execute(cmd);
            String text = out.toString(StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
