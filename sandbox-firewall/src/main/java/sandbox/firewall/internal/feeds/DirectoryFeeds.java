package sandbox.firewall.internal.feeds;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import sandbox.firewall.Diagnostic;
import sandbox.firewall.Feed;
import sandbox.firewall.FeedContent;
import sandbox.firewall.Feeds;

/** {@code --feeds DIR}: the publishers' files read from a folder (air-gapped use, tests). */
public final class DirectoryFeeds implements Feeds {

    private final Path dir;

    public DirectoryFeeds(Path dir) {
        this.dir = dir;
    }

    @Override
    public FeedContent load(Feed feed) {
        Path file = dir.resolve(feed.fileName());
        try {
            return FeedParser.parse(feed, Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return FeedContent.empty(feed, List.of(warning(feed, file + " is missing; @" + feed.word() + " contributes nothing")));
        } catch (IOException e) {
            return FeedContent.empty(feed, List.of(warning(feed, "cannot read " + file + ": " + e.getMessage())));
        } catch (FeedParser.FeedFormatException e) {
            return FeedContent.empty(feed, List.of(warning(feed, file + ": " + e.getMessage() + "; @" + feed.word()
                    + " contributes nothing")));
        }
    }

    private static Diagnostic warning(Feed feed, String message) {
        return Diagnostic.of(Diagnostic.Severity.WARNING, feed.word(), message);
    }

    @Override
    public String toString() {
        return "feeds from " + dir;
    }
}
