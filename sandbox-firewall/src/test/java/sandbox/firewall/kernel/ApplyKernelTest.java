package sandbox.firewall.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sandbox.firewall.kernel.Lab.*;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import sandbox.firewall.Mode;

/** What the real apply script enforces in a real network namespace (issue 3, section 6). */
@Tag("kernel")
class ApplyKernelTest extends LabTest {

    static void assertOk(Map<String, String> outcomes, String... targets) {
        for (String target : targets) {
            assertEquals("OK", outcomes.get(target), target + " in " + outcomes);
        }
    }

    /** Refused, unreachable or denied at once: never a timeout, never a connection. */
    static void assertRefusedFast(Map<String, String> outcomes, String... targets) {
        for (String target : targets) {
            assertTrue(FAST_FAILURES.contains(outcomes.get(target)), target + " should fail fast: " + outcomes);
        }
    }

    Lab.Folder strictPeerAndRemote() throws Exception {
        Lab.Folder folder = lab.folder("fw", Mode.STRICT, PEER4 + "/32", PEER6 + "/128", REMOTE4 + "/32", REMOTE6 + "/128");
        Run.Result r = lab.apply(folder.dir());
        assertEquals(0, r.code(), r.all());
        return folder;
    }

    @Test
    void withoutAFirewallEveryPeerAnswers() {
        Map<String, String> o = lab.probe(tcp(PEER4, 80), tcp(BLOCKED6, 22), udp(OTHER_RESOLVER4, 53), tcp(REMOTE_BLOCKED6, 80));
        assertOk(o, o.keySet().toArray(String[]::new));
        assertEquals("", lab.mark(), "a new namespace carries no mark");
    }

    @Test
    void strictLetsAllowlistedPeersConnectOverV4AndV6() throws Exception {
        Lab.Folder folder = strictPeerAndRemote();
        assertOk(lab.probe(tcp(PEER4, 80), tcp(PEER6, 80), tcp(REMOTE4, 80), tcp(REMOTE6, 80)),
                tcp(PEER4, 80), tcp(PEER6, 80), tcp(REMOTE4, 80), tcp(REMOTE6, 80));
        Map<String, String> state = lab.state();
        assertEquals("strict", state.get("mode"));
        assertEquals(folder.hash(), state.get("hash"));
        assertEquals("2", state.get("v4"));
        assertEquals("2", state.get("v6"));
        assertEquals("on", state.get("ipv6"));
        assertTrue(Long.parseLong(state.get("applied")) > 1_700_000_000L, state.toString());
        assertEquals("sandbox-firewall:strict:" + folder.hash(), lab.mark(), "the namespace is marked, last");
    }

    @Test
    void strictRefusesEveryOtherPeerFastIncludingPort22() throws Exception {
        strictPeerAndRemote();
        String[] blocked = {tcp(BLOCKED4, 80), tcp(BLOCKED6, 80), tcp(BLOCKED4, 22), tcp(BLOCKED6, 22),
            tcp(REMOTE_BLOCKED4, 80), tcp(REMOTE_BLOCKED6, 80), tcp(REMOTE_BLOCKED4, 22), tcp(REMOTE_BLOCKED6, 22),
            udp(REMOTE_BLOCKED4, 53), udp(REMOTE_BLOCKED6, 53)};
        assertRefusedFast(lab.probe(blocked), blocked);
    }

    @Test
    void dnsGoesOnlyToTheConfiguredResolvers() throws Exception {
        strictPeerAndRemote();
        Map<String, String> o = lab.probe(udp(RESOLVER4, 53), tcp(RESOLVER4, 53), udp(RESOLVER6, 53), tcp(RESOLVER6, 53),
                udp(OTHER_RESOLVER4, 53), tcp(OTHER_RESOLVER4, 53), udp(OTHER_RESOLVER6, 53), tcp(OTHER_RESOLVER6, 53),
                tcp(RESOLVER4, 80));
        assertOk(o, udp(RESOLVER4, 53), tcp(RESOLVER4, 53), udp(RESOLVER6, 53), tcp(RESOLVER6, 53));
        assertRefusedFast(o, udp(OTHER_RESOLVER4, 53), tcp(OTHER_RESOLVER4, 53), udp(OTHER_RESOLVER6, 53),
                tcp(OTHER_RESOLVER6, 53), tcp(RESOLVER4, 80));
    }

    @Test
    void dockersEmbeddedDnsUpstreamsAreAllowedFromResolvConfAndTheEnvironment() throws Exception {
        Files.writeString(java.nio.file.Path.of("/etc/netns", lab.sandbox, "resolv.conf"),
                "nameserver 127.0.0.11\noptions ndots:0\n# ExtServers: [host(127.0.0.53) " + OTHER_RESOLVER4 + "]\n");
        Lab.Folder folder = lab.folder("fw", Mode.STRICT, PEER4 + "/32");
        Run.Result r = lab.apply(folder.dir().resolve("apply"), Map.of("SANDBOX_DNS_UPSTREAMS", OTHER_RESOLVER6),
                folder.dir().toString());
        assertEquals(0, r.code(), r.all());
        Map<String, String> o = lab.probe(udp(OTHER_RESOLVER4, 53), tcp(OTHER_RESOLVER6, 53), udp(RESOLVER4, 53));
        assertOk(o, udp(OTHER_RESOLVER4, 53), tcp(OTHER_RESOLVER6, 53));
        assertRefusedFast(o, udp(RESOLVER4, 53));
    }

    @Test
    void theDefaultRouteInterfacesPrefixIsOpenButNoOtherInterfacesPrefix() throws Exception {
        strictPeerAndRemote();
        Map<String, String> o = lab.probe(tcp(OWN4, 80), tcp(OWN6, 22), tcp(BLOCKED4, 80), tcp(BLOCKED6, 80),
                tcp(GATEWAY4, 80), tcp(GATEWAY6, 22));
        assertOk(o, tcp(OWN4, 80), tcp(OWN6, 22));
        assertRefusedFast(o, tcp(BLOCKED4, 80), tcp(BLOCKED6, 80));
        // The gateway is the container host: its services are not part of the own network's opening.
        assertRefusedFast(o, tcp(GATEWAY4, 80), tcp(GATEWAY6, 22));
    }

    @Test
    void permissiveReachesEverythingWithALoudBanner() throws Exception {
        Lab.Folder folder = lab.folder("fw", Mode.PERMISSIVE, PEER4 + "/32");
        Run.Result r = lab.apply(folder.dir());
        assertEquals(0, r.code(), r.all());
        assertTrue(r.err().contains("[sandbox-firewall] #  FIREWALL PERMISSIVE: egress is OPEN"), r.err());
        String[] all = {tcp(BLOCKED4, 22), tcp(BLOCKED6, 80), tcp(REMOTE_BLOCKED4, 80), tcp(REMOTE_BLOCKED6, 22),
            udp(OTHER_RESOLVER4, 53), tcp(PEER4, 80)};
        assertOk(lab.probe(all), all);
        assertEquals("permissive", lab.state().get("mode"));
        assertEquals("1", lab.state().get("v4"));
        assertEquals("sandbox-firewall:permissive:" + folder.hash(), lab.mark());
    }

    @Test
    void reapplyingTheSameFolderIsIdempotent() throws Exception {
        Lab.Folder folder = strictPeerAndRemote();
        String first = lab.firewallDump();
        Run.Result again = lab.apply(folder.dir());
        assertEquals(0, again.code(), again.all());
        assertEquals(first, lab.firewallDump());
        assertEquals(List.of("sandbox-allow4", "sandbox-allow6"),
                lab.inSandbox(Map.of(), "ipset", "list", "-n").out().lines().sorted().toList());
        assertEquals(folder.hash(), lab.state().get("hash"));
        assertOk(lab.probe(tcp(PEER4, 80)), tcp(PEER4, 80));
        assertRefusedFast(lab.probe(tcp(BLOCKED4, 80)), tcp(BLOCKED4, 80));
    }

    @Test
    void denyAllWithoutAFolderKeepsOnlyLoopbackAndEstablished() throws Exception {
        Lab.Folder folder = lab.folder("fw", Mode.STRICT);
        Run.Result r = lab.apply(folder.dir().resolve("apply"), Map.of(), "--deny-all");
        assertEquals(0, r.code(), r.all());
        String[] all = {tcp(PEER4, 80), tcp(OWN4, 80), tcp(OWN6, 80), udp(RESOLVER4, 53), tcp(REMOTE6, 80)};
        assertRefusedFast(lab.probe(all), all);
        Map<String, String> state = lab.state();
        assertEquals("strict", state.get("mode"));
        assertEquals("deny-all", state.get("ruleset"));
        assertEquals("0", state.get("v4"));
        assertEquals("sandbox-firewall:strict:" + state.get("hash"), lab.mark());
    }
}
