package sandbox.image.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.image.Processes;

/** sandbox-init as code: POSIX sh syntax, strict mode, one log prefix. The roles run in the container tests. */
class InitScriptTest {

    @TempDir
    Path dir;

    @Test
    void parsesAsPosixShWithStrictMode() throws Exception {
        Path script = dir.resolve("sandbox-init");
        Files.write(script, SandboxLayer.initScript());
        Processes.Result r = Processes.run(Duration.ofSeconds(10), List.of("sh", "-n", script.toString()));
        assertEquals(0, r.exit(), r.toString());
        String text = new String(SandboxLayer.initScript(), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("#!/bin/sh\n"));
        assertTrue(text.contains("\nset -eu\n"));
        assertTrue(text.contains("log() { printf '[sandbox-init] %s\\n' \"$*\" >&2; }"));
    }

    @Test
    void refusesToStartAsAnotherUserThanRoot() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Processes.run(Duration.ofSeconds(5), List.of("id", "-u")).out().trim().equals("0"),
                "needs root to run the script as another user");
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path script = dir.resolve("sandbox-init");
        Files.write(script, SandboxLayer.initScript());
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Processes.Result r = Processes.run(Duration.ofSeconds(10),
                List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "sh", script.toString(), "true"));
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("[sandbox-init] error: must start as root"), r.err());
    }
}
