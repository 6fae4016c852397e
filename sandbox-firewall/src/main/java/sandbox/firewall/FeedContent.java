package sandbox.firewall;

import inet.ipaddr.IPAddress;
import java.util.List;

/**
 * What a feed contributed: its prefixes, each with the key it was listed under (GitHub's
 * meta key such as {@code git}, or the AWS region) and the AWS service (empty for GitHub),
 * plus warnings (fetch failures, a stale cache, bad entries).
 */
public record FeedContent(Feed feed, List<Prefix> prefixes, List<Diagnostic> diagnostics) {

    public record Prefix(IPAddress block, String key, String service) { }

    public FeedContent {
        prefixes = List.copyOf(prefixes);
        diagnostics = List.copyOf(diagnostics);
    }

    public static FeedContent empty(Feed feed, List<Diagnostic> diagnostics) {
        return new FeedContent(feed, List.of(), diagnostics);
    }

    public FeedContent withDiagnostic(Diagnostic d) {
        List<Diagnostic> all = new java.util.ArrayList<>(diagnostics);
        all.add(d);
        return new FeedContent(feed, prefixes, all);
    }
}
