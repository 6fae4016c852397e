package sandbox.cli.up;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import sandbox.api.SandboxException;

/**
 * {@code .sandbox/up.lock}: commands that change the running sandbox take it, so two
 * {@code up} at once run one after the other instead of racing on the same containers.
 */
public final class ProjectLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private ProjectLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static ProjectLock acquire(Path stateDir, Progress progress) throws SandboxException {
        Path file = stateDir.resolve("up.lock");
        try {
            Files.createDirectories(stateDir);
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                FileLock l = ch.tryLock();
                if (l == null) {
                    progress.step("waiting for another sandbox command in this project to finish (" + file + ")");
                    l = ch.lock();
                }
                return new ProjectLock(ch, l);
            } catch (OverlappingFileLockException e) {
                ch.close();
                throw new SandboxException("this process already holds " + file);
            }
        } catch (IOException e) {
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
        }
    }
}
