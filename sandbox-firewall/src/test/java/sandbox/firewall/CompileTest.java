package sandbox.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import inet.ipaddr.IPAddressString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.Settings;

class CompileTest {

    @TempDir
    Path dir;
    Resolver hosts;
    Path feeds;

    @BeforeEach
    void setUp() throws Exception {
        Path file = dir.resolve("hosts");
        Files.writeString(file, String.join("\n",
                "192.0.2.10 api.test www.api.test",
                "2001:db8:1::10 api.test",
                "192.0.2.10 alias.test",
                "127.0.0.1 evil.test",
                "198.51.100.99 registry.corp.test",
                "198.51.100.98 pypi.corp.test", ""));
        hosts = Resolver.hostsFile(file);
        feeds = Fixtures.feedsDir(dir.resolve("feeds"));
    }

    private CompiledAllowlist compile(String text) throws Exception {
        return Allowlist.parseText("allowlist.txt", text).resolve(hosts).withFeeds(Feeds.fromDirectory(feeds)).compile();
    }

    private static List<String> messages(CompiledAllowlist c) {
        return c.diagnostics().stream().map(Diagnostic::oneLine).toList();
    }

    @Test
    void mergesDuplicatesOverlapsAndAdjacentBlocksIntoMinimalPrefixBlocks() throws Exception {
        CompiledAllowlist c = compile("192.0.2.0/25\n192.0.2.128/25\n192.0.2.5\n198.51.100.0/24\n198.51.100.7\n"
                + "198.51.100.7\n203.0.113.4\n203.0.113.5\n2001:db8::/33\n2001:db8:8000::/33\n");
        assertEquals(List.of("192.0.2.0/24", "198.51.100.0/24", "203.0.113.4/31"), c.v4Cidrs());
        assertEquals(List.of("2001:db8::/32"), c.v6Cidrs());
    }

    @Test
    void keepsProvenanceForEachContribution() throws Exception {
        CompiledAllowlist c = compile("192.0.2.0/24\napi.test\nalias.test\n");
        List<Contribution> why = c.explain(new IPAddressString("192.0.2.10").getAddress());
        assertEquals(List.of("allowlist.txt:1 192.0.2.0/24 literal", "allowlist.txt:2 api.test api.test",
                        "allowlist.txt:3 alias.test alias.test"),
                why.stream().map(x -> x.source().file() + ":" + x.source().line() + " " + x.entry() + " " + x.via()).toList());
        assertEquals(List.of(), c.explain(new IPAddressString("192.0.3.1").getAddress()));
        assertTrue(c.allows(new IPAddressString("2001:db8:1::10").getAddress()));
    }

    @Test
    void resolvesBothFamiliesAndDeduplicatesAliases() throws Exception {
        CompiledAllowlist c = compile("api.test\nwww.api.test\nalias.test\n");
        assertEquals(List.of("192.0.2.10/32"), c.v4Cidrs());
        assertEquals(List.of("2001:db8:1::10/128"), c.v6Cidrs());
    }

    @Test
    void unresolvableNamesWarnWithTheirLine() throws Exception {
        CompiledAllowlist c = compile("api.test\n\ntypo.test\n");
        assertTrue(messages(c).contains(
                "allowlist.txt:3:1: warning: 'typo.test' does not resolve (no such name); it contributes nothing"), messages(c).toString());
    }

    @Test
    void namesResolvingToLoopbackAreSkipped() throws Exception {
        CompiledAllowlist c = compile("evil.test\n");
        assertEquals(List.of(), c.v4Cidrs());
        assertTrue(messages(c).contains("allowlist.txt:1:1: warning: 'evil.test' resolves to 127.0.0.1/32 is loopback; skipped"),
                messages(c).toString());
    }

    @Test
    void githubMetaDefaultsToWebApiGit() throws Exception {
        CompiledAllowlist c = compile("@github-meta\n");
        assertEquals(List.of("192.0.2.16/28", "192.0.2.32/27", "192.0.2.64/27"), c.v4Cidrs());
        assertEquals(List.of("2001:db8:10::/47", "2001:db8:12::/48"), c.v6Cidrs());
        assertEquals("github-meta:git", c.explain(new IPAddressString("192.0.2.70").getAddress()).get(0).via());
    }

    @Test
    void githubMetaKeysAndUnknownKeyWarning() throws Exception {
        CompiledAllowlist c = compile("@github-meta packages nosuchkey\n");
        assertEquals(List.of("198.51.100.0/26"), c.v4Cidrs());
        assertTrue(messages(c).contains("allowlist.txt:1:1: warning: GitHub's meta feed has no address list 'nosuchkey'"));
    }

    @Test
    void awsRangesKeepAmazonInTheRegionsAndGlobal() throws Exception {
        CompiledAllowlist c = compile("@aws-ip-ranges us-east-1 ap-south-9\n");
        assertEquals(List.of("198.51.100.64/26", "203.0.113.0/25"), c.v4Cidrs());
        assertEquals(List.of("2001:db8:20::/47"), c.v6Cidrs());
        assertTrue(messages(c).contains(
                "allowlist.txt:1:1: warning: no AMAZON prefix in region 'ap-south-9' (only GLOBAL is kept for it)"));
    }

    @Test
    void awsRangesWithoutRegionsTakeEveryAmazonPrefix() throws Exception {
        CompiledAllowlist c = compile("@aws-ip-ranges\n");
        assertEquals(List.of("198.51.100.64/26", "198.51.100.192/27", "203.0.113.0/25"), c.v4Cidrs());
    }

    @Test
    void missingFeedFileUnderANamedFolderFailsAtTheDirective() throws Exception {
        Files.delete(feeds.resolve("aws-ip-ranges.json"));
        sandbox.api.SandboxException e = assertThrows(sandbox.api.SandboxException.class,
                () -> compile("192.0.2.1\n@aws-ip-ranges\n"));
        assertEquals("allowlist.txt:2:1: @aws-ip-ranges: " + feeds.resolve("aws-ip-ranges.json")
                + " is missing from the --feeds folder (hint: put the publisher's aws-ip-ranges.json there,"
                + " or drop --feeds (setting firewall.feeds) to fetch it)", e.oneLine());
    }

    @Test
    void aTruncatedFeedFileUnderANamedFolderFailsAtTheDirective() throws Exception {
        Files.writeString(feeds.resolve("github-meta.json"), "{\"web\":[\"1.2.3.0/24\"");
        sandbox.api.SandboxException e = assertThrows(sandbox.api.SandboxException.class,
                () -> compile("192.0.2.1\n@github-meta\n"));
        assertTrue(e.oneLine().startsWith("allowlist.txt:2:1: @github-meta: " + feeds.resolve("github-meta.json") + ": "),
                e.oneLine());
        assertTrue(e.oneLine().endsWith("(hint: put the publisher's whole github-meta.json there (a truncated copy is not a feed))"),
                e.oneLine());
    }

    @Test
    void aFeedFileWithABadEntryOrTrailingGarbageUnderANamedFolderFails() throws Exception {
        for (String doc : List.of("{\"web\":[\"198.51.100.0/24\",\"garbage\"]}", "{\"web\":[\"198.51.100.0/24\"]} trailing")) {
            Files.writeString(feeds.resolve("github-meta.json"), doc);
            sandbox.api.SandboxException e = assertThrows(sandbox.api.SandboxException.class,
                    () -> compile("@github-meta\n"), doc);
            assertTrue(e.oneLine().startsWith("allowlist.txt:1:1: @github-meta: " + feeds.resolve("github-meta.json")), e.oneLine());
        }
    }

    @Test
    void missingFeedFileTheListDoesNotNeedIsFine() throws Exception {
        Files.delete(feeds.resolve("aws-ip-ranges.json"));
        assertEquals(List.of("192.0.2.1/32"), compile("192.0.2.1\n").v4Cidrs());
    }

    @Test
    void registriesComeFromTheMachinesConfiguration() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve(".npmrc"), "; comment\nregistry = https://registry.corp.test/npm/\n");
        Files.createDirectories(home.resolve(".config/pip"));
        Files.writeString(home.resolve(".config/pip/pip.conf"), "[global]\nindex-url = https://pypi.corp.test/simple\n");
        PackageIndexes indexes = PackageIndexes.fromMachine(Map.of("HOME", home.toString()), Settings.empty(), dir);
        CompiledAllowlist c = Allowlist.parseText("allowlist.txt", "@npm-registry\n@pip-index\n").resolve(hosts)
                .withPackageIndexes(indexes).compile();
        assertEquals(List.of("198.51.100.98/31"), c.v4Cidrs(), "two adjacent hosts merge");
        assertTrue(c.explain(new IPAddressString("198.51.100.99").getAddress()).get(0).via()
                .startsWith("registry.corp.test (from " + home.resolve(".npmrc")));
    }

    @Test
    void unconfiguredRegistryWarns() throws Exception {
        CompiledAllowlist c = Allowlist.parseText("allowlist.txt", "@npm-registry\n").resolve(hosts)
                .withPackageIndexes(PackageIndexes.none()).compile();
        assertEquals(List.of(), c.v4Cidrs());
        assertTrue(messages(c).get(0).startsWith(
                "allowlist.txt:1:1: warning: @npm-registry: no npm registry is configured on this machine; it contributes nothing"));
    }

    @Test
    void refusesToCompileAListWithErrors() {
        AllowlistSyntaxException e = assertThrows(AllowlistSyntaxException.class, () -> compile("ok.test\n*.bad.test\n"));
        assertEquals("allowlist.txt:2:1", e.where().orElseThrow());
    }

    @Test
    void manifestHasModeListsCountsAndDiagnostics() throws Exception {
        CompiledAllowlist c = compile("192.0.2.0/25\n192.0.2.128/25\napi.test\ntypo.test\n@github-meta api\n");
        JsonNode m = new ObjectMapper().readTree(c.manifest());
        assertEquals("strict", m.get("mode").asText());
        assertEquals("[\"192.0.2.0/24\"]", m.get("v4").toString());
        assertEquals("[\"2001:db8:1::10/128\",\"2001:db8:11::/48\"]", m.get("v6").toString());
        assertEquals("{\"source\":\"allowlist.txt\",\"entries\":5,\"v4\":3,\"v6\":1}", m.at("/counts/sources/0").toString());
        assertEquals("{\"source\":\"github-meta\",\"entries\":0,\"v4\":1,\"v6\":1}", m.at("/counts/sources/1").toString());
        JsonNode w = m.at("/warnings/0");
        assertEquals("allowlist.txt", w.get("source").asText());
        assertEquals(4, w.get("line").asInt());
        assertEquals("'typo.test' does not resolve (no such name); it contributes nothing", w.get("message").asText());
        assertEquals(0, m.get("errors").size());
        assertEquals(new String(c.manifest()), new String(compile("192.0.2.0/25\n192.0.2.128/25\napi.test\ntypo.test\n@github-meta api\n")
                .manifest()), "same input, same bytes");
    }
}
