package sandbox.image.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;
import sandbox.api.SandboxException;

/**
 * {@code visudo -cf} on the sudoers entry before it goes into the image, when the host has
 * visudo (the container tests check it with the image's own visudo too): a broken entry would
 * lock sudo in the sandbox.
 */
final class SudoersCheck {

    private SudoersCheck() {
    }

    static Optional<Path> visudo() {
        for (String dir : new String[] {"/usr/sbin", "/usr/bin", "/sbin"}) {
            Path p = Path.of(dir, "visudo");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** True when checked, false when no visudo is installed; throws when visudo rejects it. */
    static boolean check(String sudoers) throws SandboxException {
        Optional<Path> visudo = visudo();
        if (visudo.isEmpty()) {
            return false;
        }
        Path tmp = null;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            tmp = Files.createTempFile("sandbox-sudoers", "");
            Files.writeString(tmp, sudoers);
            DefaultExecutor exec = DefaultExecutor.builder().get();
            exec.setStreamHandler(new PumpStreamHandler(out));
            exec.setWatchdog(ExecuteWatchdog.builder().setTimeout(Duration.ofSeconds(20)).get());
            exec.execute(new CommandLine(visudo.get().toString()).addArgument("-cf").addArgument(tmp.toString(), false));
            return true;
        } catch (ExecuteException e) {
            throw new SandboxException("visudo rejects the sudoers entry: "
                    + out.toString(StandardCharsets.UTF_8).trim(), "/etc/sudoers.d/claude", "this is a bug; use --no-sudo meanwhile", e);
        } catch (IOException e) {
            return false;
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a temp file; the OS cleans it
                }
            }
        }
    }
}
