package sandbox.secrets.internal.files;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises read-modify-write of one file across threads and processes, without a lock
 * file: an exclusive {@code fcntl} lock on the file itself. Because a rewrite renames a new
 * inode over the name, a waiter that wakes up holding a lock on the old inode sees that the
 * name now points elsewhere and tries again.
 *
 * <p>The JDK refuses a second lock on the same file from the same JVM
 * ({@code OverlappingFileLockException}) instead of blocking, so threads queue on an
 * in-process lock first.
 */
public final class FileLocks {

    /** Work done while holding the lock. */
    @FunctionalInterface
    public interface Locked<T, E extends Exception> {
        T run() throws E, IOException;
    }

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private FileLocks() {
    }

    public static <T, E extends Exception> T withLock(Path file, Locked<T, E> work) throws E, IOException {
        Path key = file.toAbsolutePath().normalize();
        ReentrantLock threads = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
        threads.lock();
        try {
            while (true) {
                Object before = inode(file);
                try (FileChannel ch = FileChannel.open(file,
                        PrivateFiles.noFollow(file, StandardOpenOption.READ, StandardOpenOption.WRITE))) {
                    FileLock lock = ch.lock();
                    try {
                        if (Objects.equals(before, inode(file))) {
                            return work.run();
                        }
                    } finally {
                        lock.release();
                    }
                }
            }
        } finally {
            threads.unlock();
        }
    }

    private static Object inode(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class, NOFOLLOW_LINKS).fileKey();
    }
}
