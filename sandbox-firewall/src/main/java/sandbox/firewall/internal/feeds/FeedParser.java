package sandbox.firewall.internal.feeds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import sandbox.firewall.Diagnostic;
import sandbox.firewall.Feed;
import sandbox.firewall.FeedContent;
import sandbox.firewall.internal.parse.Addresses;

/** Reads the publishers' JSON formats with Jackson; a bad document is a {@link FeedFormatException}. */
public final class FeedParser {

    /** Text after the document is garbage too, not a feed to take the first part of. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** The document is unusable: cut short ({@code truncated}) or not the expected shape. */
    public static final class FeedFormatException extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean truncated;

        FeedFormatException(String message, boolean truncated) {
            super(message);
            this.truncated = truncated;
        }

        public boolean truncated() {
            return truncated;
        }
    }

    private FeedParser() {
    }

    public static FeedContent parse(Feed feed, byte[] document) throws FeedFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (JsonEOFException e) {
            throw new FeedFormatException("truncated JSON (" + document.length + " bytes)", true);
        } catch (JsonProcessingException e) {
            throw new FeedFormatException("invalid JSON: " + e.getOriginalMessage(), false);
        } catch (IOException e) {
            throw new FeedFormatException("unreadable: " + e.getMessage(), false);
        }
        if (root == null || !root.isObject()) {
            throw new FeedFormatException("unexpected shape: the document is not a JSON object", false);
        }
        return feed == Feed.GITHUB_META ? githubMeta(root) : awsIpRanges(root);
    }

    /** Every key whose value is a list of CIDRs; other keys (ssh_keys, domains …) are skipped. */
    private static FeedContent githubMeta(JsonNode root) throws FeedFormatException {
        List<FeedContent.Prefix> prefixes = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getValue().isArray()) {
                continue;
            }
            List<FeedContent.Prefix> mine = new ArrayList<>();
            List<String> bad = new ArrayList<>();
            for (JsonNode item : field.getValue()) {
                IPAddress a = item.isTextual() ? parseOrNull(item.asText()) : null;
                if (a == null) {
                    bad.add(item.toString());
                } else {
                    mine.add(new FeedContent.Prefix(a, field.getKey(), ""));
                }
            }
            if (mine.isEmpty()) {
                continue; // not an address list
            }
            prefixes.addAll(mine);
            if (!bad.isEmpty()) {
                diagnostics.add(Diagnostic.of(Diagnostic.Severity.WARNING, Feed.GITHUB_META.word(),
                        "skipped " + bad.size() + " entries of '" + field.getKey() + "' that are not CIDRs, first " + bad.get(0)));
            }
        }
        if (prefixes.isEmpty()) {
            throw new FeedFormatException("unexpected shape: no key holds a list of CIDRs", false);
        }
        return new FeedContent(Feed.GITHUB_META, prefixes, diagnostics);
    }

    private static FeedContent awsIpRanges(JsonNode root) throws FeedFormatException {
        if (!root.path("prefixes").isArray()) {
            throw new FeedFormatException("unexpected shape: no 'prefixes' list", false);
        }
        List<FeedContent.Prefix> prefixes = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        collect(root.path("prefixes"), "ip_prefix", prefixes, bad);
        if (root.has("ipv6_prefixes")) {
            if (!root.path("ipv6_prefixes").isArray()) {
                throw new FeedFormatException("unexpected shape: 'ipv6_prefixes' is not a list", false);
            }
            collect(root.path("ipv6_prefixes"), "ipv6_prefix", prefixes, bad);
        }
        List<Diagnostic> diagnostics = bad.isEmpty() ? List.of() : List.of(Diagnostic.of(Diagnostic.Severity.WARNING,
                Feed.AWS_IP_RANGES.word(), "skipped " + bad.size() + " malformed entries, first " + bad.get(0)));
        return new FeedContent(Feed.AWS_IP_RANGES, prefixes, diagnostics);
    }

    private static void collect(JsonNode list, String field, List<FeedContent.Prefix> out, List<String> bad) {
        for (JsonNode item : list) {
            IPAddress a = item.path(field).isTextual() ? parseOrNull(item.path(field).asText()) : null;
            if (a == null || !item.path("region").isTextual() || !item.path("service").isTextual()) {
                bad.add(item.toString());
                continue;
            }
            out.add(new FeedContent.Prefix(a, item.path("region").asText(), item.path("service").asText()));
        }
    }

    /** For a document already parsed once successfully. */
    public static FeedContent parseQuietly(Feed feed, byte[] document) {
        try {
            return parse(feed, document);
        } catch (FeedFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    private static IPAddress parseOrNull(String text) {
        try {
            return Addresses.normalize(Addresses.parse(text));
        } catch (AddressStringException e) {
            return null;
        }
    }
}
