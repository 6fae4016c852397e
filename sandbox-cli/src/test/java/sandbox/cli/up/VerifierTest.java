package sandbox.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import sandbox.api.ContainerRuntime.ProcessResult;
import sandbox.cli.up.Verifier.Check;
import sandbox.cli.up.Verifier.Outcome;

/** The two scripts' output, parsed (the container test runs the scripts themselves). */
class VerifierTest {

    private static final Probe BLOCKED = new Probe("192.0.2.1", 443);
    private static final Probe ALLOWED = new Probe("10.0.0.2", 8080);

    @Test
    void theFirewallSectionsGiveStateGatewayAndNamespace() {
        Verifier.FirewallView v = Verifier.parseFirewall("#state\nmode=strict\nhash=abc\nv4=3\n\nsandbox-firewall:strict:abc\n#route\n"
                + "default via 172.28.0.1 dev eth0\n#netns\nnet:[4026532571]\n");
        assertEquals("strict", v.state().orElseThrow().mode());
        assertEquals(Optional.of("abc"), v.state().orElseThrow().hash());
        assertEquals(Optional.of("172.28.0.1"), v.gateway());
        assertEquals(Optional.of("net:[4026532571]"), v.netns());
    }

    @Test
    void noStateFileNoRouteNoNamespaceAreEmptyNotErrors() {
        Verifier.FirewallView v = Verifier.parseFirewall("#state\n#route\n#netns\n");
        assertEquals(Optional.empty(), v.state());
        assertEquals(Optional.empty(), v.gateway());
        assertEquals(Optional.empty(), v.netns());
        assertEquals(Optional.empty(), Verifier.parseFirewall("").state());
        // A half-written file without mode is not a state; nor is one its namespace's mark does not confirm.
        assertEquals(Optional.empty(), Verifier.parseFirewall("#state\nhash=abc\n").state());
        assertEquals(Optional.empty(), Verifier.parseFirewall("#state\nmode=strict\nhash=abc\n\n#route\n").state());
    }

    @Test
    void probeBlocksAreMatchedToTheirChecksWhateverOrderTheyFinishIn() {
        ProcessResult r = new ProcessResult(0, "#netns net:[1]\n"
                + "#probe 1 0\nConnection to 10.0.0.2 8080 port [tcp/*] succeeded!\n#end\n"
                + "#probe 0 1\nnc: connect to 192.0.2.1 port 443 (tcp) failed: Connection refused\n#end\n", "");
        Verifier.AgentView v = Verifier.parseAgent(r, List.of(new Check(BLOCKED, 2), new Check(ALLOWED, 3)));
        assertEquals(Optional.of("net:[1]"), v.netns());
        assertEquals(BLOCKED, v.probes().get(0).probe());
        assertEquals(Outcome.REFUSED, v.probes().get(0).outcome());
        assertEquals("nc: connect to 192.0.2.1 port 443 (tcp) failed: Connection refused", v.probes().get(0).detail());
        assertEquals(Outcome.CONNECTED, v.probes().get(1).outcome());
    }

    @Test
    void aTimeoutIsNotARefusalAndAMissingBlockIsAnError() {
        ProcessResult r = new ProcessResult(1, "#netns \n#probe 0 1\nnc: connect to 192.0.2.1 port 443 (tcp) timed out:"
                + " Operation now in progress\n#end\n", "");
        Verifier.AgentView v = Verifier.parseAgent(r, List.of(new Check(BLOCKED, 2), new Check(ALLOWED, 3)));
        assertEquals(Optional.empty(), v.netns());
        assertEquals(Outcome.TIMED_OUT, v.probes().get(0).outcome());
        assertEquals(Outcome.ERROR, v.probes().get(1).outcome());
        Verifier.AgentView gone = Verifier.parseAgent(new ProcessResult(1, "",
                "Error response from daemon: Container abc is not running"), List.of(new Check(BLOCKED, 2)));
        assertEquals(Outcome.ERROR, gone.probes().get(0).outcome());
        assertTrue(gone.probes().get(0).detail().contains("is not running"), gone.probes().get(0).detail());
    }
}
