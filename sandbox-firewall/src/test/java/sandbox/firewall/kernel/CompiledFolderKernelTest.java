package sandbox.firewall.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sandbox.firewall.kernel.ApplyKernelTest.assertOk;
import static sandbox.firewall.kernel.ApplyKernelTest.assertRefusedFast;
import static sandbox.firewall.kernel.Lab.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import sandbox.api.Console;
import sandbox.api.FirewallService;
import sandbox.api.Project;
import sandbox.firewall.internal.service.DefaultFirewallService;

/**
 * The shipped always-on list plus a user's extra list, compiled by the real compiler with a
 * hosts file and the feed fixtures, then applied by the folder's own apply (issue 3, "Done when").
 */
@Tag("kernel")
class CompiledFolderKernelTest extends LabTest {

    @Test
    void theCompiledShippedListsApplyAndEnforce() throws Exception {
        Path shipped = Path.of("..", "config", "allowlist.txt").toAbsolutePath().normalize();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(shipped), "no shipped " + shipped);
        Project project = new Project(Files.createDirectories(lab.work.resolve("project")));
        Files.createDirectories(project.configDir());
        Files.copy(shipped, project.allowlist());
        Files.writeString(project.extraAllowlist(), "# the lab's hosts\npeer.lab.test\nremote.lab.test  # both families\n");
        Path hosts = Files.writeString(lab.work.resolve("hosts"), String.join("\n",
                PEER4 + " peer.lab.test", PEER6 + " peer.lab.test", REMOTE4 + " remote.lab.test",
                REMOTE6 + " remote.lab.test", ""));
        Path feeds = Path.of(Lab.testClasses(), "sandbox", "firewall", "feeds");
        Path out = project.firewallDir();

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = Console.of(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Console.Verbosity.QUIET, false);
        FirewallService.FirewallBuild build = new DefaultFirewallService(Map.of()).compile(new FirewallService.Request(
                project, List.of(), true, Optional.of(hosts), Optional.of(feeds), "strict", out), console);
        assertTrue(build.v4Blocks() > 2 && build.v6Blocks() > 2, build.toString());

        Run.Result r = lab.apply(out);
        assertEquals(0, r.code(), r.all());
        Map<String, String> state = lab.state();
        assertEquals(build.rulesHash(), state.get("hash"));
        assertEquals(String.valueOf(build.v4Blocks()), state.get("v4"));
        assertEquals(String.valueOf(build.v6Blocks()), state.get("v6"));
        assertTrue(Files.isRegularFile(out.resolve("manifest.json")));

        // The @github-meta fixture lists 192.0.2.16/28 and 192.0.2.48/28: feed ranges reach the kernel.
        Map<String, String> o = lab.probe(tcp(PEER4, 80), tcp(PEER6, 80), tcp(REMOTE4, 80), tcp(REMOTE6, 22),
                tcp(OWN4, 80), udp(RESOLVER4, 53), tcp(REMOTE_BLOCKED4, 22), tcp(OTHER_RESOLVER4, 80),
                tcp(BLOCKED4, 80), tcp(BLOCKED6, 22), tcp(REMOTE_BLOCKED6, 80), udp(OTHER_RESOLVER6, 53));
        assertOk(o, tcp(PEER4, 80), tcp(PEER6, 80), tcp(REMOTE4, 80), tcp(REMOTE6, 22), tcp(OWN4, 80), udp(RESOLVER4, 53),
                tcp(REMOTE_BLOCKED4, 22), tcp(OTHER_RESOLVER4, 80));
        assertRefusedFast(o, tcp(BLOCKED4, 80), tcp(BLOCKED6, 22), tcp(REMOTE_BLOCKED6, 80), udp(OTHER_RESOLVER6, 53));
    }
}
