package sandbox.firewall.internal.feeds;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import sandbox.api.SandboxException;
import sandbox.firewall.Feed;
import sandbox.firewall.internal.files.InputFile;

/** The last good copy of each feed, in the state folder ({@code .sandbox/feeds/}), written atomically. */
public final class FeedCache {

    public record Cached(byte[] document, Instant modified) { }

    private FeedCache() {
    }

    public static void store(Path dir, Feed feed, byte[] document) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + feed.word() + "-", ".tmp");
        try {
            Files.write(tmp, document);
            try {
                Files.move(tmp, dir.resolve(feed.fileName()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(feed.fileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static Optional<Cached> load(Path dir, Feed feed) {
        Path file = dir.resolve(feed.fileName());
        try {
            byte[] document = InputFile.readBytes(file, file.toString(), InputFile.Limits.FEED);
            return Optional.of(new Cached(document, Files.getLastModifiedTime(file).toInstant()));
        } catch (IOException | SandboxException e) {
            return Optional.empty();
        }
    }
}
