package sandbox.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.SandboxException;
import sandbox.api.Settings;
import sandbox.api.UsageException;

/** logs, stop and down at their edges: what is missing, what was not running, no terminal. */
class CommandEdgesTest {

    @TempDir
    Path root;

    @Test
    void logsOfAMissingDatabaseSidecarSaysHowToStartIt() throws Exception {
        Fakes f = new Fakes(root);
        new UpCommand().run(f.invocation(Settings.empty()));
        SandboxException e = assertThrows(SandboxException.class,
                () -> new LogsCommand().run(f.invocation(Settings.empty(), "--db")));
        assertEquals(1, e.exitCode());
        assertEquals("no database sidecar (start with `sandbox up --db`)", e.oneLine());
        assertEquals(List.of(), f.docker.callsStarting("logs"));
    }

    @Test
    void logsOfTheAgentStillShowItsOutput() throws Exception {
        Fakes f = new Fakes(root);
        new UpCommand().run(f.invocation(Settings.empty()));
        f.docker.calls.clear();
        new LogsCommand().run(f.invocation(Settings.empty()));
        assertEquals(1, f.docker.callsStarting("logs").size());
    }

    @Test
    void stopNamesOnlyWhatItStopped() throws Exception {
        Fakes f = new Fakes(root);
        new UpCommand().run(f.invocation(Settings.empty()));
        f.out.reset();
        assertEquals(0, new StopCommand().run(f.invocation(Settings.empty())));
        assertEquals("stopped claude-code, claude-firewall\n", f.out.toString());
        assertEquals(List.of("claude-code", "claude-firewall"),
                f.docker.callsStarting("stop").stream().map(c -> c.get(c.size() - 1)).toList());
        f.out.reset();
        assertEquals(0, new StopCommand().run(f.invocation(Settings.empty())));
        assertEquals("nothing to stop: no container of claude is running\n", f.out.toString());
    }

    @Test
    void downVolumesWithoutATerminalRefusesAtOnceWithoutPromptingOrReading() throws Exception {
        Fakes f = new Fakes(root);
        new UpCommand().run(f.invocation(Settings.empty()));
        f.err.reset();
        AtomicBoolean read = new AtomicBoolean();
        UsageException e = assertThrows(UsageException.class, () -> new DownCommand(() -> false, () -> {
            read.set(true);
            return Optional.empty();
        }).run(f.invocation(Settings.empty(), "--volumes")));
        assertEquals(2, e.exitCode());
        assertEquals("down --volumes deletes data and there is no terminal to confirm on (hint: add --yes to confirm)",
                e.oneLine());
        assertFalse(read.get(), "stdin must not be read without a terminal");
        assertEquals("", f.err.toString(), "no prompt nobody can answer");
        assertTrue(f.docker.volumes.contains("claude-config"));
    }
}
