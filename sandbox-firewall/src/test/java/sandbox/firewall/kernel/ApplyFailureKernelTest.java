package sandbox.firewall.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sandbox.firewall.kernel.ApplyKernelTest.assertOk;
import static sandbox.firewall.kernel.ApplyKernelTest.assertRefusedFast;
import static sandbox.firewall.kernel.Lab.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import sandbox.firewall.Mode;

/** Refresh, part-way failures and the degraded path: blocked peers stay blocked (issue 3, section 6). */
@Tag("kernel")
class ApplyFailureKernelTest extends LabTest {

    static final String[] ALWAYS_BLOCKED = {tcp(BLOCKED4, 80), tcp(BLOCKED6, 22), tcp(REMOTE_BLOCKED4, 80),
        tcp(REMOTE_BLOCKED6, 80), tcp(REMOTE_BLOCKED4, 22)};

    Lab.Folder applied(String name, String... cidrs) throws Exception {
        Lab.Folder folder = lab.folder(name, Mode.STRICT, cidrs);
        Run.Result r = lab.apply(folder.dir());
        assertEquals(0, r.code(), r.all());
        return folder;
    }

    Map<String, String> path(Path shim) {
        return Map.of("PATH", shim.toString());
    }

    @Test
    void refreshingWhileConnectionsRunNeverLetsABlockedPeerThrough() throws Exception {
        Lab.Folder a = applied("a", PEER4 + "/32", PEER6 + "/128", REMOTE4 + "/32");
        Lab.Folder b = lab.folder("b", Mode.STRICT, PEER4 + "/32", PEER6 + "/128", REMOTE6 + "/128");
        Path stop = lab.work.resolve("stop");
        String[] targets = {tcp(PEER4, 80), tcp(PEER6, 80), ALWAYS_BLOCKED[0], ALWAYS_BLOCKED[1], ALWAYS_BLOCKED[2],
            ALWAYS_BLOCKED[3], ALWAYS_BLOCKED[4]};
        Run.Child loop = lab.loop(stop, targets);
        for (int i = 0; i < 10; i++) {
            Run.Result r = lab.apply((i % 2 == 0 ? b : a).dir());
            assertEquals(0, r.code(), r.all());
        }
        Files.writeString(stop, "");
        assertEquals(0, loop.waitFor(Duration.ofSeconds(30)), loop.output());
        String counts = loop.output();
        for (String line : counts.lines().filter(l -> !l.equals("started")).toList()) {
            String target = line.substring(0, line.indexOf(' '));
            if (target.startsWith("tcp:" + PEER4) || target.startsWith("tcp:" + PEER6)) {
                assertTrue(line.matches("\\S+ \\{OK=\\d+}"), "an address in both lists stayed reachable: " + line);
            } else {
                assertFalse(line.contains("OK="), "a blocked peer got through during a refresh: " + line);
                assertFalse(line.contains("TIMEOUT"), "a blocked peer must fail fast: " + line);
            }
        }
        assertEquals(targets.length, counts.lines().count() - 1, counts);
    }

    @Test
    void aBadRuleLeavesThePreviousRulesetInPlace() throws Exception {
        Lab.Folder good = applied("good", PEER4 + "/32");
        Lab.Folder bad = lab.folder("bad", Mode.STRICT, PEER4 + "/32", BLOCKED4 + "/32");
        Path rules = bad.dir().resolve("rules.v4");
        Files.writeString(rules, Files.readString(rules).replace("COMMIT", "-A OUTPUT -j NO-SUCH-TARGET\nCOMMIT"));
        Run.Result r = lab.apply(bad.dir());
        assertEquals(1, r.code(), r.all());
        assertTrue(r.err().contains("IPv4: the previous strict ruleset stays in place"), r.err());
        Map<String, String> o = lab.probe(tcp(PEER4, 80), tcp(BLOCKED4, 80));
        assertOk(o, tcp(PEER4, 80));
        assertRefusedFast(o, tcp(BLOCKED4, 80));
        assertEquals(good.hash(), lab.state().get("hash"));
        assertEquals("sandbox-firewall:strict:" + good.hash(), lab.mark(), "the mark still names what is live");
        assertEquals(List.of("sandbox-allow4", "sandbox-allow6"),
                lab.inSandbox(Map.of(), "ipset", "list", "-n").out().lines().sorted().toList());
    }

    @Test
    void aBadRuleOnAFirstApplyInstallsDenyAll() throws Exception {
        Lab.Folder bad = lab.folder("bad", Mode.STRICT, PEER4 + "/32");
        Path rules = bad.dir().resolve("rules.v6");
        Files.writeString(rules, Files.readString(rules).replace("COMMIT", "-A OUTPUT -j NO-SUCH-TARGET\nCOMMIT"));
        Run.Result r = lab.apply(bad.dir());
        assertEquals(1, r.code(), r.all());
        assertTrue(r.err().contains("IPv4: installed deny-all egress"), r.err());
        String[] all = {tcp(PEER4, 80), tcp(OWN4, 80), tcp(BLOCKED6, 80), udp(RESOLVER4, 53)};
        assertRefusedFast(lab.probe(all), all);
        assertEquals("", lab.mark(), "a failed apply does not mark the namespace: nothing waiting on it starts");
    }

    @Test
    void anApplyKilledMidCommitNeverOpensEgressAndTheNextApplyRecovers() throws Exception {
        applied("a", PEER4 + "/32", REMOTE4 + "/32");
        Lab.Folder b = lab.folder("b", Mode.STRICT, PEER4 + "/32");
        // iptables-restore validates as usual, then kills apply just before the commit.
        Path shim = lab.shim("killer", List.of(), Map.of("iptables-restore",
                "case \" $* \" in *' --test '*) exec /usr/sbin/iptables-restore \"$@\" ;; esac\nkill -9 $PPID\nexit 1"));
        Run.Result killed = lab.apply(b.dir().resolve("apply"), path(shim), b.dir().toString());
        assertEquals(137, killed.code(), killed.all());
        Map<String, String> o = lab.probe(ALWAYS_BLOCKED);
        assertRefusedFast(o, ALWAYS_BLOCKED);
        assertOk(lab.probe(tcp(PEER4, 80)), tcp(PEER4, 80));

        Run.Result next = lab.apply(b.dir());
        assertEquals(0, next.code(), next.all());
        assertEquals(b.hash(), lab.state().get("hash"));
        assertRefusedFast(lab.probe(tcp(REMOTE4, 80)), tcp(REMOTE4, 80));
        assertEquals(List.of("sandbox-allow4", "sandbox-allow6"),
                lab.inSandbox(Map.of(), "ipset", "list", "-n").out().lines().sorted().toList());
    }

    @Test
    void anApplyKilledWhileValidatingLeavesTheOldRulesetAndItsStaleSetIsDroppedNextTime() throws Exception {
        applied("a", PEER4 + "/32");
        Lab.Folder b = lab.folder("b", Mode.STRICT, PEER4 + "/32", BLOCKED4 + "/32");
        Path shim = lab.shim("killer", List.of(), Map.of("iptables-restore", "kill -9 $PPID\nexit 1"));
        Run.Result killed = lab.apply(b.dir().resolve("apply"), path(shim), b.dir().toString());
        assertEquals(137, killed.code(), killed.all());
        assertTrue(lab.inSandbox(Map.of(), "ipset", "list", "-n").out().contains("sandbox-allow4-new"));
        Map<String, String> o = lab.probe(tcp(PEER4, 80), tcp(BLOCKED4, 80));
        assertOk(o, tcp(PEER4, 80));
        assertRefusedFast(o, tcp(BLOCKED4, 80));

        Run.Result next = lab.apply(b.dir());
        assertEquals(0, next.code(), next.all());
        assertOk(lab.probe(tcp(BLOCKED4, 80)), tcp(BLOCKED4, 80));
        assertEquals(List.of("sandbox-allow4", "sandbox-allow6"),
                lab.inSandbox(Map.of(), "ipset", "list", "-n").out().lines().sorted().toList());
    }

    @Test
    void withoutFlockAMkdirLockSerializesAndIsReleased() throws Exception {
        Path shim = lab.shim("no-flock", List.of("flock"), Map.of());
        Lab.Folder folder = lab.folder("fw", Mode.STRICT, PEER4 + "/32");
        for (int i = 0; i < 2; i++) {
            Run.Result r = lab.apply(folder.dir().resolve("apply"), path(shim), folder.dir().toString());
            assertEquals(0, r.code(), r.all());
        }
        assertFalse(Files.exists(lab.state.resolve("firewall.lock.d")));
        // A lock left by a killed apply (its pid is gone) is taken over.
        Files.createDirectories(lab.state.resolve("firewall.lock.d"));
        Files.writeString(lab.state.resolve("firewall.lock.d/pid"), "999999\n");
        Run.Result r = lab.apply(folder.dir().resolve("apply"), path(shim), folder.dir().toString());
        assertEquals(0, r.code(), r.all());
        assertTrue(r.err().contains("removing stale lock of pid 999999"), r.err());
    }

    @Test
    void missingIpsetIsDegradedButKeepsThePreviousRuleset() throws Exception {
        Lab.Folder good = applied("good", PEER4 + "/32");
        Lab.Folder next = lab.folder("next", Mode.STRICT, PEER4 + "/32", BLOCKED4 + "/32");
        Path shim = lab.shim("no-ipset", List.of("ipset"), Map.of());
        Run.Result r = lab.apply(next.dir().resolve("apply"), path(shim), next.dir().toString());
        assertEquals(0, r.code(), r.all());
        assertTrue(r.err().contains("FIREWALL DEGRADED") && r.err().contains("ipset not installed"), r.err());
        assertEquals("degraded", lab.state().get("mode"));
        assertEquals("sandbox-firewall:degraded:none", lab.mark(), "degraded, and marked so: agents start with the banner");
        Map<String, String> o = lab.probe(tcp(PEER4, 80), tcp(BLOCKED4, 80));
        assertOk(o, tcp(PEER4, 80));
        assertRefusedFast(o, tcp(BLOCKED4, 80));

        Run.Result required = lab.apply(next.dir().resolve("apply"), path(shim), "--require-firewall", next.dir().toString());
        assertEquals(3, required.code(), required.all());
        assertTrue(good.hash().length() == 64);
    }

    @Test
    void withoutNetAdminItIsDegradedAndExitsZeroUnlessTheFirewallIsRequired() throws Exception {
        Lab.Folder folder = lab.folder("fw", Mode.STRICT, PEER4 + "/32");
        String apply = folder.dir().resolve("apply").toString();
        List<String> dropCaps = List.of("setpriv", "--bounding-set", "-net_admin,-net_raw", "--inh-caps", "-net_admin,-net_raw");
        Run.Result r = lab.inSandbox(Map.of(), concat(dropCaps, "sh", apply, folder.dir().toString()));
        assertEquals(0, r.code(), r.all());
        assertTrue(r.err().contains("[sandbox-firewall] #  FIREWALL DEGRADED"), r.err());
        assertTrue(r.err().contains("missing capability NET_ADMIN"), r.err());
        assertEquals("degraded", lab.state().get("mode"));
        assertEquals("", lab.mark(), "without NET_ADMIN the namespace cannot be marked");
        assertTrue(r.err().contains("cannot mark this network namespace"), r.err());
        Run.Result required = lab.inSandbox(Map.of(), concat(dropCaps, "sh", apply, "--require-firewall", folder.dir().toString()));
        assertEquals(3, required.code(), required.all());
        assertOk(lab.probe(tcp(BLOCKED4, 80)), tcp(BLOCKED4, 80)); // honestly degraded: nothing was changed
    }

    @Test
    void asANonRootUserItIsDegraded() throws Exception {
        Lab.Folder folder = lab.folder("fw", Mode.STRICT, PEER4 + "/32");
        Files.setPosixFilePermissions(lab.work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path state = Files.createDirectories(lab.work.resolve("nobody-state"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));
        Run.Result r = lab.inSandbox(Map.of("SANDBOX_STATE_DIR", state.toString()), "setpriv", "--reuid", "65534",
                "--regid", "65534", "--clear-groups", "sh", folder.dir().resolve("apply").toString(), folder.dir().toString());
        assertEquals(0, r.code(), r.all());
        assertTrue(r.err().contains("FIREWALL DEGRADED") && r.err().contains("not running as root (uid 65534)"), r.err());
        assertTrue(Files.readString(state.resolve("firewall.state")).contains("mode=degraded\n"));
    }

    @Test
    void withIpv6DisabledAndNoIp6tablesIpv4IsStillEnforced() throws Exception {
        lab.inSandbox(Map.of(), "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1");
        Path shim = lab.shim("no-ip6", List.of(), Map.of("ip6tables", "echo 'ip6tables: unusable here' >&2; exit 1",
                "ip6tables-restore", "exit 1"));
        Lab.Folder folder = lab.folder("fw", Mode.STRICT, PEER4 + "/32");
        Run.Result r = lab.apply(folder.dir().resolve("apply"), path(shim), folder.dir().toString());
        assertEquals(0, r.code(), r.all());
        assertTrue(r.err().contains("IPv4 rules only"), r.err());
        assertEquals("off", lab.state().get("ipv6"));
        assertEquals("strict", lab.state().get("mode"));
        Map<String, String> o = lab.probe(tcp(PEER4, 80), tcp(BLOCKED4, 80));
        assertOk(o, tcp(PEER4, 80));
        assertRefusedFast(o, tcp(BLOCKED4, 80));
    }

    @Test
    void withoutIp6tablesIpv6IsSwitchedOffRatherThanLeftOpen() throws Exception {
        Path shim = lab.shim("no-ip6", List.of(), Map.of("ip6tables", "exit 1", "ip6tables-restore", "exit 1"));
        Lab.Folder folder = lab.folder("fw", Mode.STRICT, PEER4 + "/32", PEER6 + "/128");
        Run.Result r = lab.apply(folder.dir().resolve("apply"), path(shim), folder.dir().toString());
        assertEquals(0, r.code(), r.all());
        assertTrue(r.err().contains("disabled IPv6 in this namespace"), r.err());
        assertEquals("off", lab.state().get("ipv6"));
        Map<String, String> o = lab.probe(tcp(PEER4, 80), tcp(BLOCKED4, 80), tcp(BLOCKED6, 80), tcp(REMOTE_BLOCKED6, 80));
        assertOk(o, tcp(PEER4, 80));
        assertRefusedFast(o, tcp(BLOCKED4, 80), tcp(BLOCKED6, 80), tcp(REMOTE_BLOCKED6, 80));
    }

    static String[] concat(List<String> head, String... tail) {
        return java.util.stream.Stream.concat(head.stream(), java.util.stream.Stream.of(tail)).toArray(String[]::new);
    }
}
