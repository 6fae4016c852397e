package sandbox.firewall.internal.feeds;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import sandbox.api.SandboxException;
import sandbox.firewall.Diagnostic;
import sandbox.firewall.Feed;
import sandbox.firewall.FeedContent;
import sandbox.firewall.Feeds;
import sandbox.firewall.internal.files.InputFile;

/**
 * {@code --feeds DIR}: the publishers' files read from a folder (air-gapped use, tests). The
 * user named the folder, so a file the allowlist needs that is missing, unreadable or
 * malformed there is an error: nothing falls back to a fetch or a cached copy.
 */
public final class DirectoryFeeds implements Feeds {

    private final Path dir;

    public DirectoryFeeds(Path dir) {
        this.dir = dir;
    }

    @Override
    public FeedContent load(Feed feed) {
        Path file = dir.resolve(feed.fileName());
        try {
            FeedContent parsed = FeedParser.parse(feed, InputFile.readBytes(file, file.toString(), InputFile.Limits.FEED));
            // A bad entry a fetch would skip with a warning is an error in a file you supplied.
            List<Diagnostic> strict = parsed.diagnostics().stream().map(d -> d.severity() != Diagnostic.Severity.WARNING ? d
                    : new Diagnostic(Diagnostic.Severity.ERROR, d.source(), d.line(), d.column(), file + ": " + d.message(),
                    d.hint().isPresent() ? d.hint() : Optional.of("fix or replace " + feed.fileName() + " with the publisher's"))).toList();
            return new FeedContent(feed, parsed.prefixes(), strict);
        } catch (NoSuchFileException e) {
            return FeedContent.empty(feed, List.of(Diagnostic.of(Diagnostic.Severity.ERROR, feed.word(),
                    file + " is missing from the --feeds folder",
                    "put the publisher's " + feed.fileName() + " there, or drop --feeds (setting firewall.feeds) to fetch it")));
        } catch (SandboxException e) {
            return FeedContent.empty(feed, List.of(Diagnostic.of(Diagnostic.Severity.ERROR, feed.word(),
                    file + ": " + e.getMessage(), e.hint().orElse(InputFile.Limits.FEED.hint()))));
        } catch (FeedParser.FeedFormatException e) {
            return FeedContent.empty(feed, List.of(Diagnostic.of(Diagnostic.Severity.ERROR, feed.word(),
                    file + ": " + e.getMessage(),
                    "put the publisher's whole " + feed.fileName() + " there (a truncated copy is not a feed)")));
        }
    }

    @Override
    public String toString() {
        return "feeds from " + dir;
    }
}
