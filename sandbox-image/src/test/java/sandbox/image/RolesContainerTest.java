package sandbox.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static sandbox.image.Processes.docker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.Project;
import sandbox.api.Settings;

/**
 * The image's two roles, run by hand as DESIGN.md describes: a firewall container with
 * NET_ADMIN/NET_RAW and an agent container in its network namespace with neither.
 */
@Tag("container")
class RolesContainerTest {

    /** CapBnd bits: CAP_NET_ADMIN is 12, CAP_NET_RAW is 13. */
    private static final long NET_CAPS = (1L << 12) | (1L << 13);

    @TempDir
    static Path dir;
    static String name;
    static String image;
    static BuiltImage built;
    static ImagePlan plan;
    final List<String> containers = new ArrayList<>();
    final List<String> networks = new ArrayList<>();

    @BeforeAll
    static void buildAndLoad() throws Exception {
        assumeTrue(Processes.dockerAvailable(), "no Docker daemon answers 'docker version'");
        Path base = Processes.toolsBaseTar();
        assumeTrue(Files.isRegularFile(base), "no test base tar at " + base + " (run .ci/test-base-image.sh with FLAVOR=tools)");
        name = Processes.randomName();
        image = name + ":test";
        Project project = new Project(dir.resolve("project"));
        Files.createDirectories(project.configDir().resolve("seed"));
        Files.writeString(project.configDir().resolve("seed/CLAUDE.md"), "# seeded by the test\n");
        plan = ImagePlan.from(project, Settings.resolve(Map.of("image.base", "tar://" + base), Map.of()))
                .withApplyScript(TestApplyScript.text());
        Path tar = dir.resolve("image.tar");
        built = ImageBuilder.to(new ImageTarget.Tar(tar, image)).cacheDir(dir.resolve("cache")).build(plan, e -> { });
        Processes.Result load = docker("load", "-i", tar.toString());
        assertTrue(load.ok(), load.toString());
    }

    @AfterAll
    static void removeImage() {
        if (image != null) {
            docker("rmi", "-f", image);
        }
    }

    @AfterEach
    void cleanUp() {
        containers.forEach(c -> docker("rm", "-f", c));
        networks.forEach(n -> docker("network", "rm", n));
    }

    private String start(String suffix, String... args) {
        String container = name + "-" + suffix;
        List<String> cmd = new ArrayList<>(List.of("run", "-d", "--name", container));
        cmd.addAll(List.of(args));
        containers.add(container);
        Processes.Result r = docker(cmd.toArray(String[]::new));
        assertTrue(r.ok(), r.toString());
        return container;
    }

    private static Processes.Result exec(String container, String... command) {
        List<String> cmd = new ArrayList<>(List.of("exec", container));
        cmd.addAll(List.of(command));
        return docker(cmd.toArray(String[]::new));
    }

    private static String waitFor(String container, String... command) throws InterruptedException {
        Processes.Result r = null;
        for (int i = 0; i < 60; i++) {
            r = exec(container, command);
            if (r.ok()) {
                return r.out();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("timed out: " + String.join(" ", command) + "\n" + r + "\nlogs: " + docker("logs", container));
    }

    private static long capBnd(String status) {
        return status.lines().filter(l -> l.startsWith("CapBnd:")).map(l -> Long.parseLong(l.substring(7).trim(), 16))
                .findFirst().orElseThrow();
    }

    @Test
    void theUserExistsInTheImageBeforeSandboxInitRuns() {
        // What 'docker exec -u claude' (VS Code, the devcontainer CLI) needs at the first moment.
        Processes.Result passwd = docker("run", "--rm", "--entrypoint", "getent", image, "passwd", "claude");
        assertTrue(passwd.ok(), passwd.toString());
        assertTrue(passwd.out().startsWith("claude:x:1000:1000::/home/claude:/bin/bash"), passwd.out());
        Processes.Result group = docker("run", "--rm", "--entrypoint", "getent", image, "group", "claude");
        assertTrue(group.out().startsWith("claude:x:1000:"), group.toString());
        Processes.Result shadow = docker("run", "--rm", "--entrypoint", "stat", image, "-c", "%a %U:%G", "/etc/shadow");
        assertTrue(shadow.out().startsWith("640 root:shadow"), shadow.toString());
        // The base's own accounts are all still there.
        Processes.Result root = docker("run", "--rm", "--entrypoint", "getent", image, "passwd", "root", "nobody");
        assertTrue(root.ok() && root.out().lines().count() == 2, root.toString());
        // sudo works for it with the locked password and no ageing in the way.
        Processes.Result sudo = docker("run", "--rm", "-u", "claude", "--entrypoint", "sudo", image, "-n", "id", "-u");
        assertTrue(sudo.ok() && sudo.out().strip().equals("0"), sudo.toString());
    }

    @Test
    void firewallRoleAppliesAndTheAgentInItsNamespaceCannotTouchTheRules() throws Exception {
        String net = name + "-net";
        assertTrue(docker("network", "create", net).ok());
        networks.add(net);
        String peer = start("peer", "--network", net, "sandbox-test/bookworm:tools", "nc", "-lk", "8080");
        String peerIp = docker("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", peer).out().trim();
        Processes.Result control = docker("run", "--rm", "--network", net, "sandbox-test/bookworm:tools",
                "nc", "-z", "-w", "5", peerIp, "8080");
        assertTrue(control.ok(), "the peer is reachable without the firewall: " + control);

        String fw = start("fw", "--network", net, "--cap-add", "NET_ADMIN", "--cap-add", "NET_RAW",
                "-e", "SANDBOX_ROLE=firewall", image);
        String state = waitFor(fw, "cat", "/run/sandbox/firewall.state");
        assertTrue(state.contains("mode=strict"), state);

        String agent = start("agent", "--network", "container:" + fw, "--cap-drop", "NET_RAW",
                "-e", "SANDBOX_ROLE=agent", image);
        waitFor(agent, "test", "-f", "/home/claude/.claude/CLAUDE.md");
        String status = exec(agent, "cat", "/proc/1/status").out();
        assertTrue(status.lines().anyMatch(l -> l.matches("Uid:\\s+1000\\s+1000\\s+1000\\s+1000")), status);
        assertEquals(0, capBnd(status) & NET_CAPS, "no NET_ADMIN/NET_RAW in the agent's bounding set");
        assertEquals("claude 1000\n", exec(agent, "stat", "-c", "%U %u", "/home/claude/.claude/CLAUDE.md").out());
        assertEquals("# seeded by the test\n", exec(agent, "cat", "/home/claude/.claude/CLAUDE.md").out());

        assertTrue(exec(agent, "visudo", "-cf", "/etc/sudoers.d/claude").ok(), "visudo accepts the entry");
        assertTrue(docker("exec", "-u", "claude", agent, "sudo", "-n", "true").ok(), "passwordless sudo works");
        Processes.Result viaSudo = docker("exec", "-u", "claude", agent, "sudo", "-n", "iptables", "-F");
        assertFalse(viaSudo.ok(), "sudo iptables -F must fail: " + viaSudo);
        Processes.Result asRoot = docker("exec", "-u", "0", agent, "iptables", "-F");
        assertFalse(asRoot.ok(), "docker exec -u 0 iptables -F must fail: " + asRoot);
        assertFalse(docker("exec", "-u", "0", agent, "ipset", "list").ok(), "no ipset either");

        String rules = exec(fw, "iptables", "-S", "OUTPUT").out();
        assertTrue(rules.contains("-P OUTPUT DROP") || rules.contains("-j REJECT"), "rules still in place: " + rules);
        Processes.Result blocked = exec(agent, "nc", "-z", "-w", "5", peerIp, "8080");
        assertFalse(blocked.ok(), "egress from the agent is blocked: " + blocked);

        Processes.Result refresh = exec(fw, "sandbox-init", "refresh");
        assertTrue(refresh.ok(), refresh.toString());
        assertTrue(exec(fw, "cat", "/run/sandbox/firewall.state").out().contains("mode=strict"));
        assertTrue(docker("stop", "-t", "5", fw).ok(), "the firewall role stops on SIGTERM");
    }

    @Test
    void firewallRoleAppliesACompiledFolderThatTheAgentCannotFlush() throws Exception {
        sandbox.firewall.Ruleset ruleset = sandbox.firewall.Ruleset.render(sandbox.firewall.Mode.STRICT,
                List.of(new inet.ipaddr.IPAddressString("192.0.2.0/24").getAddress()), List.of());
        Path folder = dir.resolve("firewall-" + name);
        ruleset.writeTo(folder);
        String fw = start("fw2", "--cap-add", "NET_ADMIN", "--cap-add", "NET_RAW", "-e", "SANDBOX_ROLE=firewall",
                "-v", folder.toRealPath() + ":/etc/sandbox/firewall:ro", image);
        String state = waitFor(fw, "cat", "/run/sandbox/firewall.state");
        assertTrue(state.contains("mode=strict\n"), state);
        assertTrue(state.contains("hash=" + ruleset.hash() + "\n"), state + " vs " + ruleset.hash());
        assertTrue(exec(fw, "ipset", "list", "sandbox-allow4").out().contains("192.0.2.0/24"));

        String agent = start("agent2", "--network", "container:" + fw, "--cap-drop", "NET_ADMIN", "--cap-drop", "NET_RAW",
                "-e", "SANDBOX_ROLE=agent", image);
        waitFor(agent, "test", "-f", "/home/claude/.claude/CLAUDE.md");
        assertFalse(docker("exec", "-u", "claude", agent, "sudo", "-n", "iptables", "-F").ok());
        assertFalse(docker("exec", "-u", "0", agent, "ipset", "flush", "sandbox-allow4").ok());
        assertTrue(exec(fw, "ipset", "list", "sandbox-allow4").out().contains("192.0.2.0/24"), "set intact");
        assertTrue(exec(fw, "cat", "/run/sandbox/firewall.state").out().contains("hash=" + ruleset.hash()));
        assertEquals("sandbox-firewall:strict:" + ruleset.hash() + "\n", exec(agent, "cat", "/sys/class/net/lo/ifalias").out(),
                "the agent reads the mark of the namespace it shares");
        assertFalse(docker("exec", "-u", "0", agent, "ip", "link", "set", "dev", "lo", "alias", "sandbox-firewall:x:y").ok(),
                "root in the agent cannot forge the mark");
        assertFalse(docker("exec", "-u", "0", agent, "sh", "-c", "echo forged > /sys/class/net/lo/ifalias").ok());
    }

    /**
     * The agent's command never runs before the firewall has marked the namespace: here the
     * "firewall" is a plain container with NET_ADMIN that applies nothing until the test marks
     * its namespace by hand, as the apply script does last.
     */
    @Test
    void theAgentWaitsForTheFirewallsMarkBeforeItsCommandRuns() throws Exception {
        String fw = start("bare-fw", "--cap-add", "NET_ADMIN", "--entrypoint", "sleep", image, "300");
        String agent = start("waiting-agent", "--network", "container:" + fw, "--cap-drop", "NET_ADMIN", "--cap-drop", "NET_RAW",
                "-e", "SANDBOX_ROLE=agent", image, "sh", "-c", "echo command-ran; exec sleep 300");
        waitForLog(agent, "waiting for the firewall to apply its rules in this network namespace");
        assertFalse(docker("logs", agent).out().contains("command-ran"), "the command ran before the mark");
        assertTrue(exec(fw, "ip", "link", "set", "dev", "lo", "alias", "sandbox-firewall:strict:0123abcd").ok());
        waitForLog(agent, "command-ran");
        Processes.Result logs = docker("logs", agent);
        assertTrue(logs.err().contains("[sandbox-init] firewall strict in this network namespace (rules 0123abcd)"), logs.toString());
    }

    @Test
    void anAgentWithNoMarkGivesUpAfterItsBoundAndNeverRunsTheCommand() {
        Processes.Result r = docker("run", "--rm", "--cap-drop", "NET_ADMIN", "--cap-drop", "NET_RAW", "-e", "SANDBOX_ROLE=agent",
                "-e", "SANDBOX_FIREWALL_WAIT=1", image, "echo", "command-ran");
        assertEquals(1, r.exit(), r.toString());
        assertFalse(r.out().contains("command-ran"), r.toString());
        assertTrue(r.err().contains("the firewall has not marked this network namespace in 1 s: not starting the command"),
                r.err());
    }

    private static void waitForLog(String container, String text) throws InterruptedException {
        Processes.Result r = null;
        for (int i = 0; i < 240; i++) {
            r = docker("logs", container);
            if ((r.out() + r.err()).contains(text)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no '" + text + "' in the log of " + container + ": " + r);
    }

    @Test
    void allInOneRoleDropsNetCapsFromItsChildrenAndRunsAsClaude() {
        Processes.Result r = docker("run", "--rm", "--cap-add", "NET_ADMIN", "--cap-add", "NET_RAW", image,
                "sh", "-c", "id -u; grep CapBnd /proc/self/status; grep CapBnd /proc/1/status; sudo -n iptables -S >/dev/null 2>&1 && echo CHANGED || echo REFUSED");
        assertTrue(r.ok(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals("1000", lines.get(0));
        assertEquals(0, capBnd(lines.get(1)) & NET_CAPS, r.out());
        assertEquals(0, capBnd(lines.get(2)) & NET_CAPS, r.out());
        assertEquals("REFUSED", lines.get(3), "sudo cannot regain NET_ADMIN");
        assertTrue(r.err().contains("[sandbox-init] role all"), r.err());
        assertFalse(r.err().contains("FIREWALL DEGRADED"), r.err());
    }

    @Test
    void withoutNetAdminTheBannerIsPrintedAndTheCommandStillRuns() {
        Processes.Result r = docker("run", "--rm", image, "echo", "agent ran");
        assertTrue(r.ok(), r.toString());
        assertEquals("agent ran\n", r.out());
        assertTrue(r.err().contains("FIREWALL DEGRADED"), r.err());
        Processes.Result required = docker("run", "--rm", "-e", "SANDBOX_REQUIRE_FIREWALL=1", image, "echo", "agent ran");
        assertFalse(required.ok(), "--require-firewall refuses to go on: " + required);
        assertFalse(required.out().contains("agent ran"));
    }

    @Test
    void seedingNeverOverwritesTheUsersOwnFiles() throws Exception {
        Path config = Files.createDirectories(dir.resolve("claude-config-" + name));
        Files.writeString(config.resolve("CLAUDE.md"), "# mine\n");
        Processes.Result r = docker("run", "--rm", "-e", "SANDBOX_ROLE=agent", "-e", "SANDBOX_AWAIT_FIREWALL=0",
                "-v", config.toRealPath() + ":/home/claude/.claude", image,
                "sh", "-c", "cat /home/claude/.claude/CLAUDE.md; stat -c '%u %a' /home/claude/.claude");
        assertTrue(r.ok(), r.toString());
        assertEquals("# mine\n1000 700\n", r.out());
        assertFalse(r.err().contains("seeded"), r.err());
    }

    @Test
    void anUnknownRoleIsRefused() {
        Processes.Result r = docker("run", "--rm", "-e", "SANDBOX_ROLE=nope", image);
        assertFalse(r.ok());
        assertTrue(r.err().contains("[sandbox-init] error: unknown SANDBOX_ROLE 'nope'"), r.err());
    }

    @Test
    void buildingAgainGivesTheSameDigestAndDockerSeesTheSameImageId() throws Exception {
        BuiltImage again = ImageBuilder.to(new ImageTarget.Tar(dir.resolve("again.tar"), image))
                .cacheDir(dir.resolve("cache-2")).build(plan, e -> { });
        assertEquals(built.digest(), again.digest());
        assertEquals(built.imageId(), docker("image", "inspect", "-f", "{{.Id}}", image).out().trim());
    }
}
