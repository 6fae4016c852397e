package sandbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.Command;
import sandbox.api.Invocation;

/** A key in config/sandbox.properties that nothing reads is a warning with file:line and the nearest known key. */
class PropertiesCheckTest {

    @TempDir
    Path dir;

    @Test
    void typoOfAKnownKeyIsWarnedWithLineAndNearestKeyAndTheExitCodeIsTheCommands() throws Exception {
        Files.createDirectories(dir.resolve("config"));
        Files.writeString(dir.resolve("config/sandbox.properties"),
                "# settings\nfirewall.mode=strict\nfirewall.mod=permissive\n");
        Command ok = mock(Command.class);
        when(ok.name()).thenReturn("ok");
        when(ok.summary()).thenReturn("does nothing");
        when(ok.run(any(Invocation.class))).thenReturn(0);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(new CommandCatalog(List.of(ok)), Map.of(), dir).run(new String[] {"ok"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code);
        assertEquals("sandbox: config/sandbox.properties:3: warning: unknown setting 'firewall.mod' (hint: did you mean"
                + " 'firewall.mode'?; the known settings are the commented ones in config/sandbox.properties)\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyModuleContributesItsKeys() {
        Set<String> known = PropertiesCheck.known();
        assertTrue(known.containsAll(Set.of("firewall.mode", "firewall.hosts", "image.base", "image.format", "db.port",
                "db.enabled", "firewall.capabilities", "restart.policy", "network.ipv6")), known.toString());
    }

    @Test
    void continuationLinesCommentsAndSeparatorsAreUnderstood() throws Exception {
        Path file = dir.resolve("sandbox.properties");
        Files.writeString(file, String.join("\n",
                "! a comment \\",
                "  tz : UTC",
                "firewall.allowlists = a.txt,\\",
                "    imagebase=not-a-key-but-a-continued-value",
                "image.bsae\t= docker://x",
                "zzz.unrelated.thing=1", ""));
        assertEquals(List.of(
                "p:5: warning: unknown setting 'image.bsae' (hint: did you mean 'image.base'?; the known settings are the"
                        + " commented ones in config/sandbox.properties)",
                "p:6: warning: unknown setting 'zzz.unrelated.thing' (hint: nothing reads it; the known settings are the"
                        + " commented ones in config/sandbox.properties)"),
                PropertiesCheck.warnings(file, "p", Set.of("tz", "firewall.allowlists", "image.base")));
    }

    @Test
    void theShippedPropertiesFileHoldsOnlyKnownKeysWhenUncommented() throws Exception {
        Path shipped = Path.of("..", "config", "sandbox.properties");
        if (!Files.isRegularFile(shipped)) {
            shipped = Path.of("config", "sandbox.properties");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(shipped), "shipped config/sandbox.properties not found");
        List<String> uncommented = Files.readAllLines(shipped).stream()
                .filter(l -> l.matches("#[a-z][a-z0-9.]*=.*")).map(l -> l.substring(1).replaceAll("\\s{2,}--.*$", ""))
                .toList();
        Path file = dir.resolve("all.properties");
        Files.write(file, uncommented);
        assertTrue(uncommented.size() > 10, uncommented.toString());
        assertEquals(List.of(), PropertiesCheck.warnings(file, "all", PropertiesCheck.known()));
    }
}
