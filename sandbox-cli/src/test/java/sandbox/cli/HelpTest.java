package sandbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Help for a subcommand of a group, both ways of asking. */
class HelpTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) { }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(CommandCatalog.load(), Map.of(), dir).run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpGroupSubcommandShowsTheSubcommandsUsage() {
        Run help = run("help", "firewall", "check");
        assertEquals(0, help.code());
        assertTrue(help.out().startsWith("Usage: sandbox firewall check "), help.out());
        assertEquals(help, run("firewall", "check", "--help"));
    }

    @Test
    void helpGroupAloneStillShowsTheGroup() {
        assertTrue(run("help", "firewall").out().startsWith("Usage: sandbox firewall SUBCOMMAND"));
    }

    @Test
    void helpForAnUnknownSubcommandIsAUsageErrorWithANearMiss() {
        Run r = run("help", "firewall", "chek");
        assertEquals(new Run(2, "", "sandbox: unknown subcommand 'firewall chek' (hint: did you mean 'check'?"
                + " one of check, compile, explain, refresh)\n"), r);
    }

    @Test
    void helpForASubcommandOfAPlainCommandIsAUsageError() {
        Run r = run("help", "up", "now");
        assertEquals(2, r.code());
        assertEquals("sandbox: 'help up now' names no subcommand (hint: sandbox help COMMAND [SUBCOMMAND])\n", r.err());
    }
}
