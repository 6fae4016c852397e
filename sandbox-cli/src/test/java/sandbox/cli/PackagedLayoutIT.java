package sandbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Launches the packaged layout exactly as the README does ({@code java -p MODULES -m sandbox.cli}),
 * as a separate process. Surefire adds {@code --add-modules ALL-MODULE-PATH}, which hides a module
 * that nothing requires (TESTING.md, "JPMS + Jib facts"); this test does not.
 */
class PackagedLayoutIT {

    record Result(int code, String out, String err) { }

    static Path modules() {
        Path p = Path.of(System.getProperty("sandbox.modules", "target/modules"));
        assertTrue(Files.isDirectory(p), "packaged layout missing at " + p.toAbsolutePath());
        return p;
    }

    static Result sandbox(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-p", modules().toString(), "-m", "sandbox.cli"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("sandbox-it", ".out");
        Path err = Files.createTempFile("sandbox-it", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "sandbox " + String.join(" ", args) + " did not finish");
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void helpListsCommandsFromEveryProviderModule() throws Exception {
        Result r = sandbox("--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Commands from sandbox.firewall:"), r.out());
        assertTrue(r.out().contains("Commands from sandbox.secrets:"), r.out());
        assertTrue(r.out().contains("Commands from sandbox.image:"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void versionPrintsTheProjectVersion() throws Exception {
        Result r = sandbox("--version");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("sandbox "), r.out());
    }

    @Test
    void unknownCommandExitsTwo() throws Exception {
        Result r = sandbox("fierwall");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("sandbox: unknown command 'fierwall'"), r.err());
    }

    @Test
    void everyCommandPrintsItsUsage() throws Exception {
        for (String name : List.of("firewall", "secrets", "build")) {
            Result r = sandbox(name, "--help");
            assertEquals(0, r.code(), name + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: sandbox " + name), r.out());
        }
    }
}
