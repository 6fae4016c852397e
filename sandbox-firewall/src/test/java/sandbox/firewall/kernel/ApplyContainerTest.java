package sandbox.firewall.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import sandbox.firewall.Mode;
import sandbox.firewall.Ruleset;

/**
 * The folder applied the way {@code up} does it: a firewall container (NET_ADMIN + NET_RAW, the
 * folder mounted read-only) owns the namespace; an agent container joins it without those
 * capabilities. Uses the test base image {@code sandbox-test/bookworm:tools}.
 */
@Tag("container")
class ApplyContainerTest {

    static final String IMAGE = System.getProperty("sandbox.test.toolsImage",
            System.getenv().getOrDefault("SANDBOX_TEST_TOOLS_IMAGE", "sandbox-test/bookworm:tools"));

    final String id = "sbx-fw-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    final List<String> containers = new ArrayList<>();
    final List<String> networks = new ArrayList<>();
    Path folder;

    static Run.Result docker(String... args) {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        return Run.run(cmd, Map.of(), Duration.ofSeconds(120));
    }

    static String ok(Run.Result r) {
        assertEquals(0, r.code(), r.all());
        return r.out().trim();
    }

    String run(String name, String network, String... args) {
        List<String> cmd = new ArrayList<>(List.of("run", "-d", "--name", name, "--network", network));
        cmd.addAll(List.of(args));
        containers.add(name);
        return ok(docker(cmd.toArray(String[]::new)));
    }

    @Test
    void theFirewallContainerEnforcesForTheAgentKeepsEmbeddedDnsAndTheAgentCannotFlushIt() throws Exception {
        assumeTrue(Lab.onPath("docker") && docker("version").code() == 0, "container test: no Docker daemon answers");
        assumeTrue(docker("image", "inspect", IMAGE).code() == 0, "container test: test image " + IMAGE
                + " missing (made by .ci/test-base-image.sh)");
        String own = id + "-own", other = id + "-other";
        ok(docker("network", "create", own));
        networks.add(own);
        ok(docker("network", "create", "--internal", other)); // no gateway: the default route stays on "own"
        networks.add(other);
        run(id + "-peer", own, IMAGE, "nc", "-lk", "80");
        run(id + "-far", other, IMAGE, "nc", "-lk", "80");
        String farIp = ok(docker("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", id + "-far"));

        folder = Files.createTempDirectory(id);
        Ruleset ruleset = Ruleset.render(Mode.STRICT, List.of(), List.of());
        ruleset.writeTo(folder.resolve("firewall"));
        String fw = id + "-fw";
        run(fw, own, "--cap-add", "NET_ADMIN", "--cap-add", "NET_RAW",
                "-v", folder.resolve("firewall") + ":/etc/sandbox/firewall:ro", IMAGE, "sleep", "infinity");
        ok(docker("network", "connect", other, fw));

        Run.Result applied = docker("exec", fw, "sh", "/etc/sandbox/firewall/apply");
        assertEquals(0, applied.code(), applied.all());
        String state = ok(docker("exec", fw, "cat", "/run/sandbox/firewall.state"));
        assertTrue(state.contains("mode=strict\n") && state.contains("hash=" + ruleset.hash() + "\n"), state);
        assertTrue(ok(docker("exec", fw, "iptables", "-t", "nat", "-S")).contains("127.0.0.11"),
                "Docker's embedded-DNS NAT rules must survive");

        String agent = id + "-agent";
        run(agent, "container:" + fw, "--cap-drop", "NET_ADMIN", "--cap-drop", "NET_RAW", IMAGE, "sleep", "infinity");
        ok(docker("exec", agent, "getent", "hosts", id + "-peer"));
        ok(docker("exec", agent, "nc", "-z", "-w", "5", id + "-peer", "80"));
        Run.Result far = docker("exec", agent, "nc", "-z", "-v", "-w", "5", farIp, "80");
        assertNotEquals(0, far.code(), far.all());
        assertTrue(far.all().contains("refused"), "another network's peer must be refused fast: " + far.all());
        Run.Result flush = docker("exec", agent, "iptables", "-F", "OUTPUT");
        assertNotEquals(0, flush.code(), "the agent must not be able to change the rules: " + flush.all());
        assertNotEquals(0, docker("exec", agent, "nc", "-z", "-w", "5", farIp, "80").code());
    }

    /**
     * Docker 20.10's embedded DNS sends its upstream queries from inside the container's
     * namespace, through our OUTPUT chain: {@code up} must pass the upstreams in
     * {@code SANDBOX_DNS_UPSTREAMS} or strict mode breaks name resolution.
     */
    @Test
    void embeddedDnsUpstreamQueriesCrossTheFirewallAndPassOnlyWhenGiven() throws Exception {
        assumeTrue(Lab.onPath("docker") && docker("version").code() == 0, "container test: no Docker daemon answers");
        assumeTrue(docker("image", "inspect", IMAGE).code() == 0, "container test: test image " + IMAGE + " missing");
        String own = id + "-own", other = id + "-other";
        ok(docker("network", "create", own));
        networks.add(own);
        ok(docker("network", "create", "--internal", other));
        networks.add(other);
        run(id + "-upstream", other, IMAGE, "sleep", "infinity");
        String upstream = ok(docker("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
                id + "-upstream"));
        folder = Files.createTempDirectory(id);
        Ruleset.render(Mode.STRICT, List.of(), List.of()).writeTo(folder.resolve("firewall"));
        String fw = id + "-fw";
        run(fw, own, "--dns", upstream, "--cap-add", "NET_ADMIN", "--cap-add", "NET_RAW",
                "-v", folder.resolve("firewall") + ":/etc/sandbox/firewall:ro", IMAGE, "sleep", "infinity");
        ok(docker("network", "connect", other, fw));

        ok(docker("exec", "-e", "SANDBOX_DNS_UPSTREAMS=" + upstream, fw, "sh", "/etc/sandbox/firewall/apply"));
        docker("exec", fw, "timeout", "6", "getent", "hosts", "nothing.invalid"); // no answer: the upstream is mute
        String counters = ok(docker("exec", fw, "iptables", "-L", "OUTPUT", "-v", "-n", "-x"));
        String rule = counters.lines().filter(l -> l.contains(upstream) && l.contains("udp dpt:53")).findFirst()
                .orElseThrow(() -> new AssertionError("no DNS rule for the upstream: " + counters));
        assertNotEquals("0", rule.trim().split("\\s+")[0], "the forwarded query should have crossed OUTPUT: " + counters);
    }

    @AfterEach
    void remove() throws Exception {
        for (String c : containers) {
            docker("rm", "-f", c);
        }
        for (String n : networks) {
            docker("network", "rm", n);
        }
        if (folder != null) {
            Run.run(List.of("rm", "-rf", folder.toString()));
        }
    }
}
