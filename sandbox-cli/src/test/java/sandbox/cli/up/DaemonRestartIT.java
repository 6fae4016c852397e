package sandbox.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 7: after a Docker daemon restart the sandbox comes back strict with no open window.
 * The daemon is the test's own ({@link PrivateDaemon}); the shared one is never restarted.
 *
 * <p>The agent's command reaches out at its first moment: the test's base puts a
 * {@code sleep} in front of the real one that, as {@code claude}, connects to a listener the
 * test runs on the sandbox network's gateway address (the bridge's side, in the private
 * daemon's own network namespace; strict mode refuses the gateway), records the outcome in the workspace volume and
 * then sleeps. Before the rules are in, that connect lands on the listener; so the listener
 * must see no connection from the sandbox, before or after the restart.
 */
@Tag("container")
class DaemonRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Harness h = new Harness();
    private final String hex = Integer.toHexString(new Random().nextInt(0x1000000) | 0x1000000).substring(1);
    private final String id = "sbx-rs-" + hex;
    private final Names names = new Names(id);
    private final int octet = 16 + new Random().nextInt(200);
    private final int port = 20000 + new Random().nextInt(20000);
    private Path listenerLog;
    private int forgotten;
    private PrivateDaemon daemon;
    private Path work;
    private Process listener;

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (listener != null) {
                listener.destroyForcibly();
            }
            if (daemon != null) {
                h.docker("rm", "-f", names.agent(), names.firewall(), "base-" + id);
                h.docker("network", "rm", names.network());
                h.docker("volume", "rm", names.workspaceVolume(), names.configVolume(), names.historyVolume());
            }
        } finally {
            if (daemon != null) {
                daemon.close();
            }
            if (work != null) {
                try (var files = Files.walk(work)) {
                    for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    @Test
    void afterADaemonRestartTheAgentsCommandStartsOnlyOnceTheFirewallIsBackAndStrict() throws Exception {
        Optional<String> why = PrivateDaemon.unavailable();
        assumeTrue(why.isEmpty(), () -> why.orElse(""));
        assumeTrue(h.dockerAnswers(), "no Docker daemon answers (docker version failed): the test base image lives there");
        assumeTrue(h.docker("image", "inspect", "sandbox-test/bookworm:tools").code() == 0,
                "sandbox-test/bookworm:tools missing (run FLAVOR=tools .ci/test-base-image.sh)");
        work = Files.createTempDirectory("sbx-rs");
        Path project = Files.createDirectories(work.resolve("project"));
        assumeTrue(h.sandbox(project, "build", "--help").code() == 0, "the image provider is not on the module path");

        daemon = PrivateDaemon.start(Path.of("/tmp", id), "10.213.0.0/16");
        h.environment.put("DOCKER_HOST", daemon.host());
        Path baseTar = probingBase();

        // The sandbox network, made here so the test knows (and listens on) its gateway before up.
        String subnet = "10.213." + octet + ".0/24";
        String gateway = "10.213." + octet + ".1";
        assertOk(h.docker("network", "create", "--subnet", subnet, "--gateway", gateway, names.network()));
        listen(gateway);
        // Control: without a firewall, a container on the network reaches the listener, so a refusal later means the rules.
        assertOk(h.docker("run", "--rm", "--network", names.network(), "sandbox-test/bookworm:tools",
                "nc", "-z", "-w", "5", gateway, Integer.toString(port)));
        for (int i = 0; i < 50 && accepted().isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertEquals(1, accepted().size(), "the control connection reached the listener: " + accepted());
        forgetAccepted();

        Files.createDirectories(project.resolve("config"));
        Files.writeString(project.resolve("config/allowlist.txt"), "# the test's list\nallowed-peer.test\n");
        Files.writeString(project.resolve("config/extra-allowlist.txt.example"), "# your own additions\n");
        Files.writeString(project.resolve("config/sandbox.properties"), "# test project\n");
        Path hosts = Files.writeString(work.resolve("hosts"), "10.213." + octet + ".250 allowed-peer.test\n");
        h.environment.put("SANDBOX_PROJECT", project.toString());
        h.environment.put("SANDBOX_CONTAINER_PREFIX", id);
        h.environment.put("SANDBOX_IMAGE_NAME", id + ":latest");
        String[] upArgs = {"up", "--base", "tar://" + baseTar, "--hosts", hosts.toString(),
            "--probe-blocked", gateway + ":" + port, "--probe-allowed", "none", "--json"};
        Harness.Result up = h.sandbox(project, upArgs);
        assertEquals(0, up.code(), "up failed: " + up.all());
        JsonNode summary = JSON.readTree(up.out());
        assertEquals("strict", summary.path("firewall").path("mode").asText(), summary.toPrettyString());
        assertEquals("refused", summary.path("firewall").path("probes").get(0).path("outcome").asText());
        List<String> before = awaitFirstMoments(1);
        assertTrue(before.get(0).contains(" refused "), before.toString());

        String firewallId = h.docker("inspect", "--format", "{{.Id}}", names.firewall()).out().strip();
        long restartedAt = System.currentTimeMillis() / 1000;
        daemon.restart();
        JsonNode status = awaitHealthy();
        assertEquals("strict", status.path("firewall").path("mode").asText(), status.toPrettyString());
        assertFalse(status.path("firewall").path("drift").asBoolean(), status.toPrettyString());
        assertTrue(status.path("firewall").path("agentInFirewallNamespace").asBoolean(), status.toPrettyString());
        assertEquals(firewallId, h.docker("inspect", "--format", "{{.Id}}", names.firewall()).out().strip(),
                "the daemon restarted the same containers (no recreate)");
        List<String> after = awaitFirstMoments(2);
        String restarted = after.get(1);
        assertTrue(restarted.contains(" refused sandbox-firewall:strict:"), "the command ran after the restart, "
                + "its first connect was refused and it saw the mark: " + after + "\n" + diagnosis());
        assertEquals(List.of(), accepted(), "a connection from the sandbox reached the listener: egress was open");
        Harness.Result probe = h.docker("exec", "-u", "claude", names.agent(), "nc", "-vz", "-w", "3", gateway,
                Integer.toString(port));
        assertNotEquals(0, probe.code(), probe.all());
        assertTrue(probe.err().toLowerCase(Locale.ROOT).contains("refused"), probe.all());
        String agentLog = h.docker("logs", names.agent()).all();
        assertTrue(agentLog.contains("[sandbox-init] firewall strict in this network namespace"), agentLog);
        String sinceRestart = h.docker("logs", "--since", Long.toString(restartedAt), names.agent()).all();
        System.out.println("DaemonRestartIT: first moments " + after + "; after the restart the agent waited for the mark: "
                + sinceRestart.contains("waiting for the firewall"));

        Harness.Result again = h.sandbox(project, upArgs);
        assertEquals(0, again.code(), again.all());
        assertEquals("[\"nothing changed: verified only\"]", JSON.readTree(again.out()).path("actions").toString(),
                "up after the daemon restart only verifies: " + again.out());
        assertEquals(List.of(), accepted(), "up's blocked probe was refused too");

        assertEquals(0, h.sandbox(project, "down", "--volumes", "--yes").code());
        assertNotEquals(0, h.docker("inspect", names.agent()).code());
    }

    /** What the daemon did with both containers, for a failure message. */
    private String diagnosis() throws Exception {
        StringBuilder b = new StringBuilder();
        for (String c : List.of(names.firewall(), names.agent())) {
            b.append("== ").append(c).append(": ").append(h.docker("inspect", "--format",
                    "{{.State.StartedAt}} restarts={{.RestartCount}} net={{.HostConfig.NetworkMode}} pid={{.State.Pid}}", c).out())
                    .append(h.docker("logs", "-t", c).all());
        }
        return b.toString();
    }

    /** The tools base plus the probing {@code sleep}, as a docker-save tar for {@code up --base tar://}. */
    private Path probingBase() throws Exception {
        Process save = new ProcessBuilder("docker", "save", "sandbox-test/bookworm:tools")
                .redirectOutput(work.resolve("tools.tar").toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertEquals(0, save.waitFor(), "docker save from the shared daemon");
        assertOk(h.docker("load", "-i", work.resolve("tools.tar").toString()));
        Path sleep = Files.writeString(work.resolve("sleep"), String.join("\n",
                "#!/bin/sh",
                "# DaemonRestartIT: the agent's command reaches out at its first moment, then sleeps.",
                "[ \"$(id -u)\" = 1000 ] || exec /bin/sleep \"$@\"",
                "gw=$(ip -4 route show default | sed -n 's/.* via \\([0-9.]*\\).*/\\1/p')",
                "if nc -z -w 2 \"$gw\" " + port + " 2>/dev/null; then r=connected; else r=refused; fi",
                "echo \"$(date +%s.%N) $r $(cat /sys/class/net/lo/ifalias)\" >>/workspace/first-moment.log",
                "exec /bin/sleep \"$@\"", ""));
        sleep.toFile().setExecutable(true, false);
        assertOk(h.docker("create", "--name", "base-" + id, "sandbox-test/bookworm:tools"));
        assertOk(h.docker("cp", sleep.toString(), "base-" + id + ":/usr/local/bin/sleep"));
        assertOk(h.docker("commit", "base-" + id, id + "-base:test"));
        assertOk(h.docker("rm", "base-" + id));
        Path tar = work.resolve("base.tar");
        assertOk(h.docker("save", "-o", tar.toString(), id + "-base:test"));
        return tar;
    }

    /** Accepts on the gateway address and records who connected: only the sandbox can reach it. */
    /**
     * The listener stands in the private daemon's namespace, on the network's gateway, outside
     * any container, so it listens through the daemon's restart: nc logs each connection.
     */
    private void listen(String gateway) throws IOException {
        listenerLog = work.resolve("listener.log");
        listener = new ProcessBuilder("nsenter", "--net=" + daemon.netnsPath(), "nc", "-lknv", "-s", gateway,
                "-p", Integer.toString(port)).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(listenerLog.toFile()).start();
        for (int i = 0; i < 50 && !Files.readString(listenerLog).contains("Listening"); i++) {
            sleep(100);
        }
        assertTrue(Files.readString(listenerLog).contains("Listening"), "listener: " + Files.readString(listenerLog));
    }

    /** The connections the listener accepted since the last {@link #forgetAccepted()}. */
    private List<String> accepted() throws IOException {
        List<String> all = Files.readAllLines(listenerLog).stream().filter(l -> l.startsWith("Connection received")).toList();
        return all.subList(Math.min(forgotten, all.size()), all.size());
    }

    private void forgetAccepted() throws IOException {
        forgotten += accepted().size();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }


    private List<String> awaitFirstMoments(int count) throws Exception {
        Harness.Result r = null;
        for (int i = 0; i < 240; i++) {
            r = h.docker("exec", names.agent(), "cat", "/workspace/first-moment.log");
            if (r.code() == 0 && r.out().lines().count() >= count) {
                return r.out().lines().toList();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the agent's command did not record " + count + " start(s): " + r + "\nagent log: "
                + h.docker("logs", names.agent()).all() + "\nfirewall log: " + h.docker("logs", names.firewall()).all());
    }

    /** Polls {@code status --json} until healthy (bounded); the daemon brings both containers back by itself. */
    private JsonNode awaitHealthy() throws Exception {
        JsonNode s = null;
        for (int i = 0; i < 120; i++) {
            Harness.Result r = h.sandbox(work.resolve("project"), "status", "--json");
            s = r.out().isBlank() ? null : JSON.readTree(r.out());
            if (r.code() == 0 && s != null && s.path("healthy").asBoolean()) {
                return s;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("not healthy after the daemon restart: " + (s == null ? "" : s.toPrettyString())
                + "\nagent log: " + h.docker("logs", names.agent()).all() + "\nfirewall log: "
                + h.docker("logs", names.firewall()).all() + "\ndockerd: " + daemon.tail());
    }

    private static void assertOk(Harness.Result r) {
        assertEquals(0, r.code(), r.all());
    }
}
