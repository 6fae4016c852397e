package sandbox.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class FirewallStateTest {

    private static final String STATE = "mode=strict\nhash=abc123\nv4=2\nv6=1\napplied=1764790000\n";

    @Test
    void aStateIsCurrentOnlyWhenTheNamespaceCarriesTheSameModeAndHash() {
        FirewallState s = FirewallState.parse(STATE + "sandbox-firewall:strict:abc123\n");
        assertTrue(s.current());
        assertEquals(Optional.of("sandbox-firewall:strict:abc123"), s.mark());
        assertEquals(Optional.of(2), s.count("v4"));
    }

    @Test
    void aStateFromAnEarlierNamespaceOrAnApplyStillRunningIsNotCurrent() {
        assertFalse(FirewallState.parse(STATE + "\n").current(), "a new namespace has no mark");
        assertFalse(FirewallState.parse(STATE + "sandbox-firewall:strict:old999\n").current(), "other rules");
        assertFalse(FirewallState.parse(STATE + "sandbox-firewall:permissive:abc123\n").current(), "other mode");
        assertFalse(FirewallState.parse("sandbox-firewall:strict:abc123\n").current(), "a mark is no state");
    }

    @Test
    void degradedNeedsNoMarkBecauseItClaimsNoProtection() {
        assertTrue(FirewallState.parse("mode=degraded\nhash=none\nreason=missing capability NET_ADMIN\n").current());
    }
}
