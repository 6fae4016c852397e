package sandbox.firewall;

import java.nio.file.Path;
import java.util.List;
import sandbox.firewall.internal.feeds.DirectoryFeeds;

/**
 * Where the published feeds come from: fetched over HTTPS with a cache, read from a folder
 * ({@code --feeds DIR}, for air-gapped use and tests), or nowhere. Loading never throws:
 * problems are diagnostics in the {@link FeedContent}; a fetch problem is a warning, while a
 * file missing from a folder the user named is an error that fails the compile.
 */
public interface Feeds {

    FeedContent load(Feed feed);

    /** {@code github-meta.json} and {@code aws-ip-ranges.json} from {@code dir}. */
    static Feeds fromDirectory(Path dir) {
        return new DirectoryFeeds(dir);
    }

    /** Fetched from the publishers, with the last good copy of each kept in {@code cacheDir}. */
    static FetchedFeeds fetching(Path cacheDir) {
        return FetchedFeeds.into(cacheDir);
    }

    /** No feed: a directive that needs one contributes nothing, with a warning. */
    static Feeds none() {
        return feed -> FeedContent.empty(feed, List.of(Diagnostic.of(Diagnostic.Severity.WARNING, feed.word(),
                "no feed source configured; @" + feed.word() + " contributes nothing")));
    }
}
