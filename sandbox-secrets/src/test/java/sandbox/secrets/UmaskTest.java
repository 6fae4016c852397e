package sandbox.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under {@code umask 000} (a child JVM), every file and directory that appears while the
 * secret file is created or completed — temp files included — is private the moment a
 * watcher polling the directory can see it.
 */
class UmaskTest {

    @RegisterExtension
    final NoSecretsInLogs logs = new NoSecretsInLogs();

    @TempDir
    Path tmp;

    /** Every (name, mode) a polling thread saw. */
    private static final class Watcher extends Thread {
        final Map<String, Set<String>> seen = new ConcurrentHashMap<>();
        final AtomicBoolean stop = new AtomicBoolean();
        private final Path root;

        Watcher(Path root) {
            this.root = root;
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!stop.get()) {
                scan(root, 0);
            }
            scan(root, 0);
        }

        private void scan(Path dir, int depth) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                for (Path p : s) {
                    try {
                        String mode = PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                        String name = root.relativize(p).toString().replaceAll("\\.[0-9a-f]{12}\\.tmp$", ".TEMP");
                        seen.computeIfAbsent(name, k -> ConcurrentHashMap.newKeySet()).add(mode);
                        if (depth == 0 && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                            scan(p, 1);
                        }
                    } catch (NoSuchFileException gone) {
                        // a temp file renamed away between listing and stat
                    }
                }
            } catch (IOException gone) {
                // the directory is being created
            }
        }
    }

    @Test
    void newFileAndDirectoryArePrivateAtEveryMomentUnderUmask000() throws Exception {
        Watcher w = new Watcher(tmp);
        w.start();
        Path env = tmp.resolve(".devcontainer/.env");
        NoSecretsInLogs.watch(env);
        ChildJvm.start(true, env.toString(), "0").await();
        w.stop.set(true);
        w.join();

        assertEquals(Set.of("rwx------"), w.seen.get(".devcontainer"), w.seen.toString());
        assertEquals(Set.of("rw-------"), w.seen.get(".devcontainer/.env"), w.seen.toString());
        w.seen.forEach((name, modes) -> assertTrue(
                modes.equals(Set.of("rw-------")) || modes.equals(Set.of("rwx------")), name + " was " + modes));
    }

    @Test
    void rewriteWithMissingKeysIsPrivateAtEveryMomentUnderUmask000() throws Exception {
        Path env = tmp.resolve(".env");
        NoSecretsInLogs.watch(env);
        for (int round = 0; round < 5; round++) {
            Files.deleteIfExists(env);
            Files.writeString(env, "POSTGRES_PASSWORD=abcdefgh-round-" + round + "\n");
            Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-------"));
            Watcher w = new Watcher(tmp);
            w.start();
            ChildJvm.start(true, env.toString(), "0").await();
            w.stop.set(true);
            w.join();
            assertEquals(Set.of("rw-------"), w.seen.get(".env"), w.seen.toString());
            w.seen.forEach((name, modes) -> assertEquals(Set.of("rw-------"), modes, name));
            assertEquals(9, Fixtures.values(env).size());
        }
    }

    @Test
    void theChildReallyRunsUnderUmask000() throws Exception {
        // Control: a file the child's own JVM creates without an explicit mode is 0666 there.
        Path probe = tmp.resolve("probe");
        ChildJvm.Running r = ChildJvm.start(true, "--umask-probe", probe.toString());
        r.await();
        assertEquals("rw-rw-rw-", Fixtures.mode(probe));
    }
}
