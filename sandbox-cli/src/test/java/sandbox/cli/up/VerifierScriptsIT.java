package sandbox.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import sandbox.cli.runtime.Engine;
import sandbox.cli.runtime.ExecProcesses;
import sandbox.cli.up.Verifier.Check;
import sandbox.cli.up.Verifier.Outcome;

/**
 * The verify scripts run for real in containers of the test tools image (iproute2, netcat): the firewall side
 * waits inside the container for a state file and its namespace mark written later, and reports route and
 * namespace; the agent side, in that namespace, probes a listening and a closed loopback port
 * side by side. Traffic stays on the containers' own loopback.
 */
@Tag("container")
class VerifierScriptsIT {

    private final Harness h = new Harness();
    private final Names names = new Names("sbx-up-vs-" + Integer.toHexString(new Random().nextInt(0x10000)));

    @AfterEach
    void cleanUp() throws Exception {
        h.docker("rm", "-f", names.agent(), names.firewall());
    }

    @Test
    void theFirewallStateIsAwaitedInsideAndTheProbesRunInItsNamespace() throws Exception {
        assumeTrue(h.dockerAnswers(), "no Docker daemon answers (docker version failed)");
        assumeTrue(h.docker("image", "inspect", "sandbox-test/bookworm:tools").code() == 0,
                "sandbox-test/bookworm:tools missing (run FLAVOR=tools .ci/test-base-image.sh)");
        // The state appears only after 2 s, written like apply does (temp file, then mv), and
        // the namespace's mark after it.
        assertEquals(0, h.docker("run", "-d", "--name", names.firewall(), "--cap-add", "NET_ADMIN",
                "sandbox-test/bookworm:tools", "sh", "-c",
                "sleep 2; mkdir -p /run/sandbox; printf 'mode=strict\\nhash=h1\\nv4=1\\n' >/run/sandbox/s.tmp;"
                        + " mv /run/sandbox/s.tmp " + FirewallState.PATH + "; sleep 1;"
                        + " ip link set dev lo alias sandbox-firewall:strict:h1; exec nc -lk 8080").code());
        assertEquals(0, h.docker("run", "-d", "--name", names.agent(), "--network", "container:" + names.firewall(),
                "--cap-drop", "NET_ADMIN", "--cap-drop", "NET_RAW", "sandbox-test/bookworm:tools", "sleep", "infinity").code());
        Verifier verifier = new Verifier(new Engine("docker", new ExecProcesses(System.getenv())), names);

        Verifier.FirewallView early = verifier.firewallView(0);
        Verifier.FirewallView view = verifier.awaitView(Duration.ofSeconds(60), s -> true);
        assertEquals("strict", view.state().orElseThrow().mode());
        assertEquals("h1", view.state().orElseThrow().hash().orElseThrow());
        assertTrue(view.gateway().isPresent(), "default route of the bridge network: " + view);
        assertTrue(view.netns().orElseThrow().startsWith("net:["), view.toString());
        assertEquals(view.netns(), early.netns());
        // Once the state is current the wait ends at once, however long it may last: with a
        // wait of ~14 hours the exec would hit the engine's 60 s call timeout and show nothing.
        assertEquals(view.state(), verifier.firewallView(1_000_000).state());

        Probe open = new Probe("127.0.0.1", 8080);
        Probe closed = new Probe("127.0.0.1", 9);
        Verifier.AgentView agent = verifier.agentView(List.of(new Check(closed, 2), new Check(open, 3)));
        assertEquals(view.netns(), agent.netns(), "the agent shares the firewall's namespace");
        assertEquals(Outcome.REFUSED, agent.probes().get(0).outcome(), agent.toString());
        assertEquals(Outcome.CONNECTED, agent.probes().get(1).outcome(), agent.toString());
        assertTrue(verifier.agentSharesNamespace());
    }

    @Test
    void aFirewallContainerThatStopsIsReportedWithItsLog() throws Exception {
        assumeTrue(h.dockerAnswers(), "no Docker daemon answers (docker version failed)");
        assumeTrue(h.docker("image", "inspect", "sandbox-test/bookworm:tools").code() == 0,
                "sandbox-test/bookworm:tools missing (run FLAVOR=tools .ci/test-base-image.sh)");
        assertEquals(0, h.docker("run", "-d", "--name", names.firewall(), "sandbox-test/bookworm:tools", "sh", "-c",
                "echo '[sandbox-init] cannot apply'; sleep 1; exit 3").code());
        Verifier verifier = new Verifier(new Engine("docker", new ExecProcesses(System.getenv())), names);
        var e = org.junit.jupiter.api.Assertions.assertThrows(sandbox.api.SandboxException.class,
                () -> verifier.awaitView(Duration.ofSeconds(60), s -> true));
        assertTrue(e.getMessage().contains("stopped (exit 3) before recording its state; its log: [sandbox-init] cannot apply"),
                e.getMessage());
    }
}
