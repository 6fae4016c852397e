package sandbox.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import sandbox.firewall.internal.feeds.FeedParser;
import sandbox.firewall.internal.feeds.FeedParser.FeedFormatException;

class FeedParserTest {

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void githubMetaTakesEveryCidrListAndSkipsKeysAndDomains() throws Exception {
        FeedContent c = FeedParser.parse(Feed.GITHUB_META, Fixtures.bytes("github-meta.json"));
        assertEquals(10, c.prefixes().size());
        assertTrue(c.prefixes().stream().noneMatch(p -> p.key().equals("ssh_keys") || p.key().equals("domains")));
        assertEquals(java.util.List.of(), c.diagnostics());
    }

    @Test
    void githubMetaWarnsAboutBadEntriesInAnAddressList() throws Exception {
        FeedContent c = FeedParser.parse(Feed.GITHUB_META, json("{\"web\":[\"192.0.2.0/24\",\"nonsense\",7]}"));
        assertEquals(1, c.prefixes().size());
        assertEquals("skipped 2 entries of 'web' that are not CIDRs, first \"nonsense\"", c.diagnostics().get(0).message());
    }

    @Test
    void awsKeepsRegionAndServiceAndNormalizesHostBits() throws Exception {
        FeedContent c = FeedParser.parse(Feed.AWS_IP_RANGES, json("{\"prefixes\":[{\"ip_prefix\":\"198.51.100.7/24\","
                + "\"region\":\"eu-west-1\",\"service\":\"AMAZON\"},{\"ip_prefix\":\"x\",\"region\":\"r\",\"service\":\"s\"}]}"));
        assertEquals("198.51.100.0/24", c.prefixes().get(0).block().toCanonicalString());
        assertEquals("eu-west-1", c.prefixes().get(0).key());
        assertEquals("AMAZON", c.prefixes().get(0).service());
        assertEquals(1, c.diagnostics().size());
    }

    @Test
    void truncatedWrongShapeAndInvalidAreTold() {
        assertTrue(assertThrows(FeedFormatException.class, () -> FeedParser.parse(Feed.AWS_IP_RANGES, json("{\"prefixes\":[")))
                .truncated());
        assertEquals("unexpected shape: the document is not a JSON object",
                assertThrows(FeedFormatException.class, () -> FeedParser.parse(Feed.GITHUB_META, json("[1,2]"))).getMessage());
        assertEquals("unexpected shape: no key holds a list of CIDRs",
                assertThrows(FeedFormatException.class, () -> FeedParser.parse(Feed.GITHUB_META, json("{\"a\":1}"))).getMessage());
        assertTrue(assertThrows(FeedFormatException.class, () -> FeedParser.parse(Feed.GITHUB_META, json("{oops}")))
                .getMessage().startsWith("invalid JSON"));
    }
}
