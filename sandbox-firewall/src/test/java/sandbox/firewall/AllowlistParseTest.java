package sandbox.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import sandbox.firewall.AllowlistSyntaxException.Kind;

class AllowlistParseTest {

    private static Allowlist parse(String text) {
        return Allowlist.parseText("extra-allowlist.txt", text);
    }

    private static AllowlistSyntaxException onlyError(String text) {
        List<AllowlistSyntaxException> errors = parse(text).errors();
        assertEquals(1, errors.size(), () -> "errors: " + errors.stream().map(AllowlistSyntaxException::oneLine).toList());
        return errors.get(0);
    }

    @Test
    void toleratesCommentsBlankLinesTabsCrlfAndBom() {
        Allowlist a = parse("\uFEFF# header\r\n\r\n  github.com  \t# trailing\r\n\t192.0.2.7\r\n   \r\n2001:db8::/32\n");
        assertEquals(List.of(), a.errors());
        assertEquals(3, a.entries().size());
        AllowlistEntry.Host host = (AllowlistEntry.Host) a.entries().get(0);
        assertEquals("github.com", host.name());
        assertEquals(new Source(Path.of("extra-allowlist.txt"), 3, 3), host.source());
        assertEquals(new Source(Path.of("extra-allowlist.txt"), 4, 2), a.entries().get(1).source());
        assertEquals("2001:db8::/32", ((AllowlistEntry.Block) a.entries().get(2)).address().toCanonicalString());
    }

    @Test
    void bomDoesNotShiftColumns() {
        assertEquals(new Source(Path.of("extra-allowlist.txt"), 1, 1), onlyError("\uFEFF*.example.net\n").source());
    }

    @Test
    void hostNamesAreLowerCasedAndLoseTheTrailingDot() {
        AllowlistEntry.Host h = (AllowlistEntry.Host) parse("API.Example.NET.\n").entries().get(0);
        assertEquals("api.example.net", h.name());
        assertEquals("API.Example.NET.", h.text());
    }

    @Test
    void internationalizedNamesBecomeAscii() {
        Allowlist a = parse("bücher.example\n");
        assertEquals("xn--bcher-kva.example", ((AllowlistEntry.Host) a.entries().get(0)).name());
        assertTrue(a.diagnostics().stream().anyMatch(d -> d.message().contains("xn--bcher-kva.example")));
    }

    @Test
    void addressesAndBlocksOfBothFamilies() {
        Allowlist a = parse("192.0.2.7\n198.51.100.0/24\n2001:db8::7\n2001:db8:1::/48\n");
        assertEquals(List.of(), a.errors());
        AllowlistEntry.Block single = (AllowlistEntry.Block) a.entries().get(0);
        assertTrue(single.isSingleAddress());
        AllowlistEntry.Block v6 = (AllowlistEntry.Block) a.entries().get(3);
        assertEquals("2001:db8:1::/48", v6.address().toCanonicalString());
    }

    @Test
    void hostBitsAreNormalizedWithAWarning() {
        Allowlist a = parse("203.0.113.77/24\n");
        assertEquals(List.of(), a.errors());
        assertEquals("203.0.113.0/24", ((AllowlistEntry.Block) a.entries().get(0)).address().toCanonicalString());
        Diagnostic w = a.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.WARNING).findFirst().orElseThrow();
        assertEquals("host bits set in '203.0.113.77/24'; using 203.0.113.0/24", w.message());
        assertEquals(1, w.line());
    }

    @Test
    void refusesWildcardWithLineAndHint() {
        AllowlistSyntaxException e = onlyError("github.com\n\n*.example.net\n");
        assertEquals(Kind.WILDCARD, e.kind());
        assertEquals("extra-allowlist.txt:3:1", e.where().orElseThrow());
        assertEquals("'*.example.net' is a wildcard", e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("an IP firewall sees addresses, not names"));
        assertEquals("*.example.net", e.text());
    }

    @Test
    void refusesUrlAndSuggestsTheHost() {
        AllowlistSyntaxException e = onlyError("  https://Example.net/path?q=1\n");
        assertEquals(Kind.URL, e.kind());
        assertEquals("extra-allowlist.txt:1:3", e.where().orElseThrow());
        assertEquals("write only the host name: example.net", e.hint().orElseThrow());
    }

    @Test
    void refusesHostWithPort() {
        AllowlistSyntaxException e = onlyError("example.net:443\n");
        assertEquals(Kind.HOST_PORT, e.kind());
        assertEquals("'example.net:443' has a port", e.getMessage());
        assertTrue(e.hint().orElseThrow().endsWith("write 'example.net'"));
        assertEquals(Kind.HOST_PORT, onlyError("192.0.2.7:22\n").kind());
        assertEquals(Kind.HOST_PORT, onlyError("[2001:db8::1]:443\n").kind());
    }

    @Test
    void refusesOutOfRangeOctetAtItsColumn() {
        AllowlistSyntaxException e = onlyError("192.0.2.256\n");
        assertEquals(Kind.BAD_OCTET, e.kind());
        assertEquals("extra-allowlist.txt:1:9", e.where().orElseThrow());
        assertEquals("octet 256 in '192.0.2.256' is out of range", e.getMessage());
        assertEquals(Kind.BAD_OCTET, onlyError("300.1.2.0/24\n").kind());
    }

    @Test
    void refusesMalformedDottedQuads() {
        assertEquals("'192.0.2' has 3 numbers, an IPv4 address has four", onlyError("192.0.2\n").getMessage());
        assertEquals(Kind.BAD_ADDRESS, onlyError("192..2.7\n").kind());
        AllowlistSyntaxException zero = onlyError("010.0.2.7\n");
        assertEquals("octet 010 in '010.0.2.7' has a leading zero", zero.getMessage());
    }

    @Test
    void refusesPrefixPastTheAddressSize() {
        AllowlistSyntaxException v4 = onlyError("192.0.2.0/33\n");
        assertEquals(Kind.PREFIX_TOO_LONG, v4.kind());
        assertEquals("extra-allowlist.txt:1:11", v4.where().orElseThrow());
        assertEquals("prefix length 33 in '192.0.2.0/33' is past 32 for IPv4", v4.getMessage());
        AllowlistSyntaxException v6 = onlyError("2001:db8::/129\n");
        assertEquals("prefix length 129 in '2001:db8::/129' is past 128 for IPv6", v6.getMessage());
        assertEquals(Kind.BAD_ADDRESS, onlyError("192.0.2.0/x\n").kind());
        assertEquals(Kind.BAD_ADDRESS, onlyError("example.net/24\n").kind());
    }

    @Test
    void refusesInvalidIpv6() {
        AllowlistSyntaxException e = onlyError("2001:db8::g\n");
        assertEquals(Kind.BAD_ADDRESS, e.kind());
        assertTrue(e.getMessage().startsWith("'2001:db8::g' is not a valid IPv6 address"), e.getMessage());
    }

    @Test
    void refusesUnknownDirectiveListingTheKnownOnes() {
        AllowlistSyntaxException e = onlyError("# x\n  @gitlab-meta web\n");
        assertEquals(Kind.UNKNOWN_DIRECTIVE, e.kind());
        assertEquals("extra-allowlist.txt:2:3", e.where().orElseThrow());
        assertEquals("unknown directive '@gitlab-meta'", e.getMessage());
        assertEquals("known directives: @github-meta, @aws-ip-ranges, @npm-registry, @pip-index", e.hint().orElseThrow());
    }

    @Test
    void refusesBadDirectiveArgumentsAtTheirColumn() {
        AllowlistSyntaxException e = onlyError("@github-meta web Git!\n");
        assertEquals(Kind.BAD_ARGUMENT, e.kind());
        assertEquals("extra-allowlist.txt:1:18", e.where().orElseThrow());
        assertEquals(Kind.BAD_ARGUMENT, onlyError("@npm-registry npmjs\n").kind());
        assertEquals(Kind.BAD_ARGUMENT, onlyError("@aws-ip-ranges eu_west_1\n").kind());
    }

    @Test
    void directivesHaveDefaults() {
        Allowlist a = parse("@github-meta\n@aws-ip-ranges EU-West-1 global\n@npm-registry\n@pip-index\n");
        assertEquals(List.of(), a.errors());
        assertEquals(List.of("web", "api", "git"), ((AllowlistEntry.Directive) a.entries().get(0)).arguments());
        assertEquals(List.of("eu-west-1", "GLOBAL"), ((AllowlistEntry.Directive) a.entries().get(1)).arguments());
        assertEquals(AllowlistEntry.Kind.NPM_REGISTRY, ((AllowlistEntry.Directive) a.entries().get(2)).kind());
    }

    @Test
    void refusesStrayCharactersAtTheirColumn() {
        AllowlistSyntaxException bang = onlyError("exa!mple.net\n");
        assertEquals(Kind.STRAY_CHARACTER, bang.kind());
        assertEquals("extra-allowlist.txt:1:4", bang.where().orElseThrow());
        assertEquals("unexpected character '!' in 'exa!mple.net'", bang.getMessage());
        AllowlistSyntaxException two = onlyError("example.net other.net\n");
        assertEquals("extra-allowlist.txt:1:13", two.where().orElseThrow());
        assertEquals("one entry per line; a comment starts with #", two.hint().orElseThrow());
        AllowlistSyntaxException comma = onlyError("a.example, b.example\n");
        assertEquals("extra-allowlist.txt:1:10", comma.where().orElseThrow());
        assertEquals(Kind.STRAY_CHARACTER, onlyError("under_score.example\n").kind());
    }

    @Test
    void refusesBadHostNames() {
        assertEquals("empty label in 'a..example'", onlyError("a..example\n").getMessage());
        assertEquals(Kind.BAD_HOST_NAME, onlyError("-a.example\n").kind());
        assertEquals(Kind.BAD_HOST_NAME, onlyError("a.123\n").kind());
        assertEquals(Kind.BAD_HOST_NAME, onlyError("x".repeat(64) + ".example\n").kind());
    }

    @Test
    void singleLabelNamesWarn() {
        Allowlist a = parse("intranet\n");
        assertEquals(List.of(), a.errors());
        assertTrue(a.diagnostics().stream().anyMatch(d -> d.severity() == Diagnostic.Severity.WARNING
                && d.message().contains("has no dot")));
    }

    @Test
    void collectsEveryErrorInFileOrder() {
        Allowlist a = parse("*.a.example\nok.example\nhttp://b.example\n192.0.2.300\n");
        assertEquals(List.of("extra-allowlist.txt:1:1", "extra-allowlist.txt:3:1", "extra-allowlist.txt:4:9"),
                a.errors().stream().map(e -> e.where().orElseThrow()).toList());
        assertEquals(1, a.entries().size());
    }

    @Test
    void oneLineNamesFileLineColumnTextAndHint() {
        assertEquals("extra-allowlist.txt:1:1: '*.example.net' is a wildcard (hint: an IP firewall sees addresses, not names,"
                        + " and the names under a wildcard are not known in advance; list each host you need)",
                onlyError("*.example.net").oneLine());
    }
}
