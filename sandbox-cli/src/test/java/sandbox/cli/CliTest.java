package sandbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.Command;
import sandbox.api.Invocation;
import sandbox.api.SandboxException;

class CliTest {

    @TempDir
    Path dir;

    /** What one CLI run printed and returned. */
    record Run(int code, String out, String err) { }

    private Run run(CommandCatalog catalog, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(catalog, Map.of(), dir).run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Command command(String name, String summary) {
        Command c = mock(Command.class);
        when(c.name()).thenReturn(name);
        when(c.summary()).thenReturn(summary);
        when(c.usage()).thenReturn("Usage: sandbox " + name + " [--x]\n");
        return c;
    }

    @Test
    void discoversCommandsFromEveryProviderModule() {
        CommandCatalog catalog = CommandCatalog.load();
        Map<String, List<Command>> groups = catalog.byModule();
        assertTrue(groups.containsKey("sandbox.firewall"), groups.keySet().toString());
        assertTrue(groups.containsKey("sandbox.secrets"), groups.keySet().toString());
        assertTrue(groups.containsKey("sandbox.image"), groups.keySet().toString());
        assertTrue(catalog.find("firewall").isPresent());
        assertTrue(catalog.find("secrets").isPresent());
    }

    @Test
    void helpListsEveryCommandGroupedByModule() {
        Run r = run(CommandCatalog.load(), "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("Commands from sandbox.firewall:\n  firewall"), r.out());
        assertTrue(r.out().contains("Commands from sandbox.secrets:\n"), r.out());
        assertTrue(r.out().contains("Commands from sandbox.image:\n"), r.out());
    }

    @Test
    void noArgumentsPrintsHelpAndExitsWithUsage() {
        Run r = run(new CommandCatalog(List.of(command("alpha", "does a"))), new String[0]);
        assertEquals(2, r.code());
        assertTrue(r.out().contains("alpha"));
    }

    @Test
    void unknownCommandExitsTwoAndSuggestsTheNearestName() {
        Run r = run(new CommandCatalog(List.of(command("firewall", "f"), command("secrets", "s"))), "firewal");
        assertEquals(2, r.code());
        assertEquals("sandbox: unknown command 'firewal' (hint: did you mean 'firewall'? see 'sandbox --help')\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void unrelatedUnknownCommandHasNoSuggestion() {
        Run r = run(new CommandCatalog(List.of(command("firewall", "f"))), "zzzzzzzzzz");
        assertEquals("sandbox: unknown command 'zzzzzzzzzz' (hint: see 'sandbox --help')\n", r.err());
    }

    @Test
    void aFailureIsOneLineOnStderrAndExitOne() throws Exception {
        Command failing = command("boom", "fails");
        when(failing.run(any(Invocation.class))).thenThrow(
                new SandboxException("cannot read it", "config/x.txt:3", "fix line 3", null));
        Run r = run(new CommandCatalog(List.of(failing)), "boom");
        assertEquals(1, r.code());
        assertEquals("sandbox: config/x.txt:3: cannot read it (hint: fix line 3)\n", r.err());
    }

    @Test
    void debugAddsTheStackTrace() throws Exception {
        Command failing = command("boom", "fails");
        when(failing.run(any(Invocation.class))).thenThrow(new SandboxException("cannot read it"));
        Run r = run(new CommandCatalog(List.of(failing)), "--debug", "boom");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("sandbox: cannot read it\n"), r.err());
        assertTrue(r.err().contains("\tat "), "a stack trace follows");
    }

    @Test
    void aBugIsStillOneLineWithoutDebug() throws Exception {
        Command buggy = command("bug", "has a bug");
        when(buggy.run(any(Invocation.class))).thenThrow(new IllegalStateException("oops"));
        Run r = run(new CommandCatalog(List.of(buggy)), "bug");
        assertEquals(1, r.code());
        assertEquals("sandbox: internal error: java.lang.IllegalStateException: oops (run with --debug for details)\n",
                r.err());
    }

    @Test
    void helpCommandAndDashDashHelpGiveUsage() {
        CommandCatalog catalog = new CommandCatalog(List.of(command("alpha", "does a")));
        assertEquals(new Run(0, "Usage: sandbox alpha [--x]\n", ""), run(catalog, "help", "alpha"));
        assertEquals(new Run(0, "Usage: sandbox alpha [--x]\n", ""), run(catalog, "alpha", "--help"));
    }

    @Test
    void versionPrintsTheBuildVersion() {
        Run r = run(new CommandCatalog(List.of()), "--version");
        assertEquals(0, r.code());
        assertTrue(r.out().matches("sandbox \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n"), r.out());
    }

    @Test
    void commandReceivesItsArgumentsWithoutGlobalFlags() throws Exception {
        Command echo = command("echo", "echoes");
        when(echo.run(any(Invocation.class))).thenAnswer(inv -> {
            Invocation i = inv.getArgument(0);
            i.console().out().println(String.join(",", i.args()) + " " + i.console().verbosity());
            return 0;
        });
        Run r = run(new CommandCatalog(List.of(echo)), "-v", "echo", "a", "-q", "--", "-v");
        assertEquals(new Run(0, "a,--,-v QUIET\n", ""), r);
    }

    @Test
    void twoModulesProvidingOneNameIsRefused() {
        try {
            new CommandCatalog(List.of(command("x", "a"), command("x", "b")));
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().startsWith("two modules provide the command 'x'"));
            return;
        }
        throw new AssertionError("duplicate names must be refused");
    }

    @Test
    void aServiceTheCliDoesNotOfferIsAbsentNotAnError() {
        assertEquals(java.util.Optional.empty(), new CliServices(Map.of()).find(Runnable.class));
        assertTrue(new CliServices(Map.of()).find(sandbox.api.FirewallRefresh.class).isPresent());
    }

    @Test
    void editDistanceCountsEdits() {
        assertEquals(0, CommandCatalog.editDistance("up", "up"));
        assertEquals(1, CommandCatalog.editDistance("firewal", "firewall"));
        assertEquals(2, CommandCatalog.editDistance("sercets", "secrets"));
        assertFalse(new CommandCatalog(List.of(command("status", "s"))).nearest("qqqq").isPresent());
        assertFalse(new CommandCatalog(List.of(command("logs", "l"))).nearest("bogus").isPresent());
        assertEquals(java.util.Optional.of("secrets"),
                new CommandCatalog(List.of(command("secrets", "s"), command("logs", "l"))).nearest("sercets"));
    }
}
