package sandbox.firewall.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sandbox.firewall.kernel.Lab.*;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import sandbox.firewall.Mode;

/** The real apply script in a real network namespace (issue 3, section 6). */
@Tag("kernel")
class ApplyKernelTest {

    Lab lab;

    @BeforeEach
    void wire() throws Exception {
        Lab.assumeKernel();
        lab = new Lab();
    }

    @AfterEach
    void unwire() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    static void assertOk(Map<String, String> outcomes, String target) {
        assertEquals("OK", outcomes.get(target), target + " in " + outcomes);
    }

    /** Refused, unreachable or denied at once: never a timeout, never a connection. */
    static void assertRefusedFast(Map<String, String> outcomes, String target) {
        assertTrue(FAST_FAILURES.contains(outcomes.get(target)), target + " should fail fast: " + outcomes);
    }

    @Test
    void withoutAFirewallEveryPeerAnswers() {
        Map<String, String> o = lab.probe(tcp(PEER4, 80), tcp(BLOCKED6, 22), udp(OTHER_RESOLVER4, 53), tcp(REMOTE_BLOCKED6, 80));
        o.keySet().forEach(t -> assertOk(o, t));
    }
}
