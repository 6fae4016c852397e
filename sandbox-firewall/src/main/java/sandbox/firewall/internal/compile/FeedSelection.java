package sandbox.firewall.internal.compile;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import sandbox.firewall.AllowlistEntry;
import sandbox.firewall.Contribution;
import sandbox.firewall.Diagnostic;
import sandbox.firewall.Feed;
import sandbox.firewall.FeedContent;
import sandbox.firewall.Mode;
import sandbox.firewall.internal.files.Excerpt;
import sandbox.firewall.internal.policy.Policy;

/** Picks what each directive asks for from a loaded feed: GitHub meta keys, AWS AMAZON prefixes by region. */
final class FeedSelection {

    /** AWS's umbrella service: every AWS-owned range, the one the language promises. */
    static final String AWS_SERVICE = "AMAZON";
    /** Prefixes not tied to a region (CloudFront, Route 53 …); always kept. */
    static final String AWS_GLOBAL = "GLOBAL";

    private FeedSelection() {
    }

    static void select(FeedContent content, List<AllowlistEntry.Directive> directives, Mode mode,
                       List<Contribution> out, List<Diagnostic> diagnostics) {
        Feed feed = content.feed();
        for (AllowlistEntry.Directive d : directives) {
            Set<String> wanted = new LinkedHashSet<>(d.arguments());
            Set<String> matched = new LinkedHashSet<>();
            int refused = 0;
            for (FeedContent.Prefix p : content.prefixes()) {
                String key = p.key();
                boolean take;
                if (feed == Feed.GITHUB_META) {
                    take = wanted.contains(key);
                } else {
                    take = p.service().equals(AWS_SERVICE)
                            && (wanted.isEmpty() || key.equals(AWS_GLOBAL) || wanted.contains(key.toLowerCase(java.util.Locale.ROOT)));
                }
                if (!take) {
                    continue;
                }
                matched.add(feed == Feed.GITHUB_META ? key : key.toLowerCase(java.util.Locale.ROOT));
                if (Policy.refuses(p.block(), mode)) {
                    refused++;
                    continue;
                }
                out.add(new Contribution(p.block(), feed.word(), d.source(), d.text(), feed.word() + ":" + key));
            }
            if (content.prefixes().isEmpty()) {
                continue; // the feed itself already warned
            }
            for (String w : wanted) {
                if (!w.equals(AWS_GLOBAL) && !matched.contains(w)) {
                    diagnostics.add(Diagnostic.at(Diagnostic.Severity.WARNING, d.source(), feed == Feed.GITHUB_META
                            ? "GitHub's meta feed has no address list " + Excerpt.quote(w)
                            : "no AMAZON prefix in region " + Excerpt.quote(w) + " (only GLOBAL is kept for it)"));
                }
            }
            if (refused > 0) {
                diagnostics.add(Diagnostic.at(Diagnostic.Severity.WARNING, d.source(),
                        refused + " prefixes of " + feed.word() + " refused by the policy (too broad or not routable); skipped"));
            }
        }
    }
}
