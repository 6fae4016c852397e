package sandbox.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import sandbox.firewall.AllowlistSyntaxException.Kind;

class PolicyTest {

    private static List<AllowlistSyntaxException> errors(String text, Mode mode) {
        return Allowlist.parseText("allowlist.txt", text).withMode(mode).errors();
    }

    private static String only(String text, Mode mode) {
        List<AllowlistSyntaxException> e = errors(text, mode);
        assertEquals(1, e.size(), () -> e.toString());
        assertEquals(Kind.POLICY, e.get(0).kind());
        return e.get(0).getMessage();
    }

    @Test
    void refusesTheWholeAddressSpaceInStrictModeWithAHintToUsePermissive() {
        AllowlistSyntaxException e = errors("0.0.0.0/0\n", Mode.STRICT).get(0);
        assertEquals("0.0.0.0/0 covers too much of the address space (strict mode refuses IPv4 blocks shorter than /8)",
                e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("permissive"));
        assertEquals("::/0 covers too much of the address space (strict mode refuses IPv6 blocks shorter than /16)",
                only("::/0\n", Mode.STRICT));
    }

    @Test
    void thresholdsAreSlashEightAndSlashSixteen() {
        assertEquals(1, errors("64.0.0.0/7\n", Mode.STRICT).size());
        assertEquals(List.of(), errors("64.0.0.0/8\n", Mode.STRICT));
        assertEquals(1, errors("2600::/15\n", Mode.STRICT).size());
        assertEquals(List.of(), errors("2600::/16\n", Mode.STRICT));
    }

    @Test
    void permissiveModeAcceptsBroadBlocksWithAWarning() {
        Allowlist a = Allowlist.parseText("allowlist.txt", "0.0.0.0/0\n").withMode(Mode.PERMISSIVE);
        assertEquals(List.of(), a.errors());
        assertTrue(a.diagnostics().stream().anyMatch(d -> d.severity() == Diagnostic.Severity.WARNING
                && d.message().contains("accepted only because the mode is permissive")));
    }

    @Test
    void refusesLoopbackLinkLocalMulticastAndUnspecifiedInEveryMode() {
        for (Mode mode : Mode.values()) {
            assertEquals("127.0.0.1/32 is loopback", only("127.0.0.1\n", mode));
            assertEquals("::1/128 is loopback", only("::1\n", mode));
            assertEquals("169.254.169.254/32 is link-local", only("169.254.169.254\n", mode));
            assertEquals("fe80::1/128 is link-local", only("fe80::1\n", mode));
            assertEquals("224.0.0.251/32 is multicast", only("224.0.0.251\n", mode));
            assertEquals("ff02::1/128 is multicast", only("ff02::1\n", mode));
            assertEquals("0.0.0.0/32 is the unspecified / this-network range", only("0.0.0.0\n", mode));
            assertEquals("::/128 is the unspecified address", only("::\n", mode));
        }
    }

    @Test
    void refusesBlocksThatIncludeUnroutableRangesInStrictMode() {
        assertEquals("::/96 includes the unspecified address ::/128", only("::/96\n", Mode.STRICT));
    }

    @Test
    void refusesIpv4MappedIpv6WithAHint() {
        AllowlistSyntaxException e = errors("::ffff:192.0.2.7\n", Mode.STRICT).get(0);
        assertEquals("write the IPv4 address itself", e.hint().orElseThrow());
    }

    @Test
    void allowsPrivateRangesWithANote() {
        Allowlist a = Allowlist.parseText("extra-allowlist.txt", "192.168.1.10\n10.0.0.0/8\nfd00:1::/48\n");
        assertEquals(List.of(), a.errors());
        List<Diagnostic> notes = a.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.NOTE).toList();
        assertEquals(3, notes.size());
        assertEquals("192.168.1.10/32 is in a private range (192.168.0.0/16): reachable only where the container's"
                + " network routes to it", notes.get(0).message());
    }

    @Test
    void entriesInOneRangeShareOneNotePerFile() {
        Allowlist a = Allowlist.parseText("extra-allowlist.txt", "10.0.1.0/24\n10.0.3.0/24\nnas.example\n10.9.9.9\n");
        List<Diagnostic> notes = a.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.NOTE).toList();
        assertEquals(1, notes.size());
        assertEquals(1, notes.get(0).line());
        assertEquals("'10.0.1.0/24' and 2 more entries of this file are in a private range (10.0.0.0/8): reachable only where"
                + " the container's network routes to it", notes.get(0).message());
    }

    @Test
    void notesDuplicatesWithTheFirstLocation() {
        Allowlist a = Allowlist.parseText("allowlist.txt", "github.com\n\nGitHub.com.\n");
        assertTrue(a.diagnostics().stream().anyMatch(d -> d.line() == 3
                && d.message().equals("'GitHub.com.' is already listed at allowlist.txt:1")));
    }

    @Test
    void theFastRefusalAgreesWithTheFullVerdict() throws Exception {
        for (String text : List.of("0.0.0.0/0", "0.0.0.0", "127.0.0.1", "126.0.0.0/7", "169.254.1.1", "224.0.0.0/4", "240.0.0.1",
                "64.0.0.0/7", "64.0.0.0/8", "192.168.1.1", "198.51.100.0/24", "::/0", "::", "::1", "::/96", "::ffff:1.2.3.4",
                "fe80::/64", "ff02::1", "2600::/15", "2600::/16", "2001:db8::/32")) {
            inet.ipaddr.IPAddress a = sandbox.firewall.internal.parse.Addresses.normalize(sandbox.firewall.internal.parse.Addresses.parse(text));
            for (Mode mode : Mode.values()) {
                assertEquals(sandbox.firewall.internal.policy.Policy.judge(a, mode) instanceof sandbox.firewall.internal.policy.Policy.Verdict.Refused,
                        sandbox.firewall.internal.policy.Policy.refuses(a, mode), text + " " + mode);
            }
        }
    }
}
