package sandbox.cli.up;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import sandbox.api.SandboxException;

/**
 * {@code .sandbox/up.lock}: commands that change the running sandbox take it, so two
 * {@code up} at once run one after the other instead of racing on the same containers. A
 * file lock orders processes; a semaphore per file orders threads of one process (an
 * embedding tool), since file locks are held per process.
 */
public final class ProjectLock implements AutoCloseable {

    private static final Map<Path, Semaphore> IN_PROCESS = new ConcurrentHashMap<>();

    private final Semaphore local;
    private final FileChannel channel;
    private final FileLock lock;

    private ProjectLock(Semaphore local, FileChannel channel, FileLock lock) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    public static ProjectLock acquire(Path stateDir, Progress progress) throws SandboxException {
        Path file = stateDir.resolve("up.lock").toAbsolutePath().normalize();
        Semaphore local = IN_PROCESS.computeIfAbsent(file, f -> new Semaphore(1));
        boolean waited = false;
        try {
            if (!local.tryAcquire()) {
                progress.step("waiting for another sandbox command in this project to finish (" + file + ")");
                waited = true;
                local.acquire();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while waiting for " + file);
        }
        try {
            Files.createDirectories(stateDir);
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l == null) {
                if (!waited) {
                    progress.step("waiting for another sandbox command in this project to finish (" + file + ")");
                }
                l = ch.lock();
            }
            return new ProjectLock(local, ch, l);
        } catch (IOException e) {
            local.release();
            throw new SandboxException("cannot lock " + file + ": " + e.getMessage(), file.toString(),
                    "check that .sandbox/ is writable", e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // Closing the channel releases the lock anyway.
        } finally {
            local.release();
        }
    }
}
