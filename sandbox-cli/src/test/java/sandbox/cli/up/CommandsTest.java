package sandbox.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.SandboxException;
import sandbox.api.Settings;
import sandbox.api.UsageException;

class CommandsTest {

    @TempDir
    Path root;

    @Test
    void upRecordsTheRuntimeItUsedEvenWhenDetected() throws Exception {
        Fakes f = new Fakes(root);
        new UpCommand().run(f.invocation(Settings.empty()));
        assertEquals("docker", UpRecord.read(new sandbox.api.Project(root)).orElseThrow().settings().get("runtime"));
    }

    @Test
    void upLastWithoutAReadableRecordFailsBeforeAnything() throws Exception {
        Fakes f = new Fakes(root);
        sandbox.api.SandboxException missing = org.junit.jupiter.api.Assertions.assertThrows(sandbox.api.SandboxException.class,
                () -> new UpCommand().run(f.invocation(Settings.empty(), "--last")));
        assertTrue(missing.oneLine().contains("no earlier 'up' is recorded for --last"), missing.oneLine());
        java.nio.file.Files.createDirectories(root.resolve(".sandbox"));
        java.nio.file.Files.writeString(root.resolve(".sandbox/up.json"), "{\"settings\": {\"container.pre");
        sandbox.api.SandboxException corrupt = org.junit.jupiter.api.Assertions.assertThrows(sandbox.api.SandboxException.class,
                () -> new UpCommand().run(f.invocation(Settings.empty(), "--last")));
        assertTrue(corrupt.oneLine().startsWith(".sandbox/up.json: the record of the last 'up' cannot be read"), corrupt.oneLine());
        assertEquals(List.of(), f.docker.calls);
        assertFalse(java.nio.file.Files.exists(root.resolve(".sandbox/firewall")), "nothing compiled");
    }

    @Test
    void upKeepsToTheRecordedRuntimeUnlessTold() throws Exception {
        Fakes f = new Fakes(root);
        new UpCommand().run(f.invocation(Settings.empty()));
        java.nio.file.Path record = root.resolve(".sandbox/up.json");
        java.nio.file.Files.writeString(record, java.nio.file.Files.readString(record)
                .replace("\"runtime\" : \"docker\"", "\"runtime\" : \"nosuchruntime\""));
        // The fake engine answers only for docker, so the recorded one is looked up for real and refused.
        org.junit.jupiter.api.Assertions.assertThrows(sandbox.api.SandboxException.class,
                () -> new UpCommand().run(f.invocation(Settings.empty())));
        assertEquals(0, new UpCommand().run(f.invocation(Settings.empty().with("runtime", "docker"))));
    }

    @Test
    void statusSaysWhyItIsNotHealthy() throws Exception {
        Fakes f = new Fakes(root);
        new UpCommand().run(f.invocation(Settings.empty()));
        f.docker.running.put("claude-code", false);
        f.out.reset();
        assertEquals(1, new StatusCommand().run(f.invocation(Settings.empty())));
        assertTrue(f.out.toString().contains("healthy   false (the agent container is not running)"), f.out.toString());
    }

    @Test
    void downAndStatusLeaveAnotherCheckoutsSandboxAlone() throws Exception {
        Fakes f = new Fakes(root);
        f.docker.containers.put("claude-firewall", new java.util.HashMap<>(Map.of(Containers.LABEL_PROJECT, "/elsewhere/repo")));
        f.docker.running.put("claude-firewall", true);
        for (sandbox.api.Command c : List.<sandbox.api.Command>of(new DownCommand(() -> false, Optional::empty),
                new StatusCommand(), new StopCommand())) {
            sandbox.api.SandboxException e = org.junit.jupiter.api.Assertions.assertThrows(sandbox.api.SandboxException.class,
                    () -> c.run(f.invocation(Settings.empty())), c.name());
            assertTrue(e.oneLine().contains("belongs to the sandbox of /elsewhere/repo"), e.oneLine());
        }
        assertTrue(f.docker.running.get("claude-firewall"));
        assertEquals(List.of(), f.docker.callsStarting("rm"));
        assertEquals(List.of(), f.docker.callsStarting("stop"));
    }

    @Test
    void downKeepsTheVolumes() throws Exception {
        Fakes f = new Fakes(root);
        new UpCommand().run(f.invocation(Settings.empty()));
        assertEquals(0, new DownCommand(() -> false, Optional::empty).run(f.invocation(Settings.empty())));
        assertEquals(List.of(), f.docker.callsStarting("volume", "rm"));
        assertTrue(f.docker.containers.isEmpty());
        assertTrue(f.docker.volumes.contains("claude-config"));
    }

    @Test
    void downRemovesAnEditorsContainerFirstAndSaysWhenNothingIsLeft() throws Exception {
        Fakes f = new Fakes(root);
        new UpCommand().run(f.invocation(Settings.empty()));
        String editor = "e".repeat(64);
        f.docker.containers.put(editor, new java.util.HashMap<>());
        f.docker.labeled.put("dev.sandbox.editor=claude", List.of(editor));
        f.out.reset();
        assertEquals(0, new DownCommand(() -> false, Optional::empty).run(f.invocation(Settings.empty())));
        assertEquals("removed editor container eeeeeeeeeeee, claude-code, claude-firewall, network claude-sandbox;"
                + " volumes kept (sandbox down --volumes deletes them)", f.out.toString().strip());
        List<String> rm = f.docker.callsStarting("rm").get(0);
        assertEquals(editor, rm.get(rm.indexOf("-f") + 1), "the editor's container goes first: " + rm);
        f.out.reset();
        assertEquals(0, new DownCommand(() -> false, Optional::empty).run(f.invocation(Settings.empty())));
        assertEquals("nothing to remove of claude; volumes kept (sandbox down --volumes deletes them)", f.out.toString().strip());
    }

    @Test
    void downVolumesRefusesWithoutATerminalAndWithoutYes() throws Exception {
        Fakes f = new Fakes(root);
        new UpCommand().run(f.invocation(Settings.empty()));
        UsageException e = assertThrows(UsageException.class,
                () -> new DownCommand(() -> false, Optional::empty).run(f.invocation(Settings.empty(), "--volumes")));
        assertEquals("down --volumes deletes data and there is no terminal to confirm on (hint: add --yes to confirm)",
                e.oneLine());
        assertTrue(f.docker.volumes.contains("claude-config"));
        assertEquals(1, new DownCommand(() -> true, () -> Optional.of("no")).run(f.invocation(Settings.empty(), "--volumes")));
        assertTrue(f.docker.volumes.contains("claude-config"));
        assertEquals(0, new DownCommand(() -> true, () -> Optional.of("yes")).run(f.invocation(Settings.empty(), "--volumes")));
        assertTrue(f.docker.volumes.isEmpty());
    }

    @Test
    void downVolumesWithYesNeedsNoTerminal() throws Exception {
        Fakes f = new Fakes(root);
        new UpCommand().run(f.invocation(Settings.empty().with("container.prefix", "p2")));
        // The prefix comes from the last up's record.
        assertEquals(0, new DownCommand(() -> false, Optional::empty).run(f.invocation(Settings.empty(), "--volumes", "--yes")));
        assertTrue(f.docker.volumes.isEmpty(), f.docker.volumes.toString());
    }

    @Test
    void statusJsonReportsModeCountsAndDrift() throws Exception {
        Fakes f = new Fakes(root);
        new UpCommand().run(f.invocation(Settings.empty()));
        f.out.reset();
        assertEquals(0, new StatusCommand().run(f.invocation(Settings.empty(), "--json")));
        String json = f.out.toString();
        assertTrue(json.contains("\"mode\" : \"strict\""), json);
        assertTrue(json.contains("\"v4Blocks\" : 3"), json);
        assertTrue(json.contains("\"drift\" : false"), json);
        assertTrue(json.contains("\"healthy\" : true"), json);
        f.appliedHash = "something-else";
        f.out.reset();
        assertEquals(1, new StatusCommand().run(f.invocation(Settings.empty(), "--json")));
        assertTrue(f.out.toString().contains("\"drift\" : true"), f.out.toString());
    }

    @Test
    void shellRunsBashAsClaudeInTheWorkspaceAttachedToTheTerminal() throws Exception {
        Fakes f = new Fakes(root);
        new UpCommand().run(f.invocation(Settings.empty()));
        f.docker.calls.clear();
        assertEquals(0, new ShellCommand().run(f.invocation(Settings.empty(), "--", "id", "-u")));
        List<String> last = f.docker.calls.get(f.docker.calls.size() - 1);
        assertEquals(List.of("docker", "exec", "-i", "-u", "claude", "-w", "/workspace", "claude-code", "id", "-u"), last);
    }

    @Test
    void shellWaitsForTheFirewallsMarkAndNeverOpensAShellWithoutIt() throws Exception {
        Fakes f = new Fakes(root);
        new UpCommand().run(f.invocation(Settings.empty()));
        f.marked = false;
        f.docker.calls.clear();
        SandboxException e = assertThrows(SandboxException.class, () -> new ShellCommand().run(
                f.invocation(Settings.empty().with("firewall.wait.seconds", "1"), "--", "id")));
        assertTrue(e.getMessage().contains("the firewall has not marked the network namespace of claude-code in 1 s"),
                e.getMessage());
        assertEquals(List.of(), f.docker.callsStarting("exec", "-i", "-u", "claude"));
    }

    @Test
    void logsFollowTheFirewallContainer() throws Exception {
        Fakes f = new Fakes(root);
        new UpCommand().run(f.invocation(Settings.empty()));
        f.docker.calls.clear();
        new LogsCommand().run(f.invocation(Settings.empty(), "-f", "--firewall"));
        assertEquals(List.of(List.of("docker", "logs", "-f", "claude-firewall")), f.docker.callsStarting("logs"));
    }
}
