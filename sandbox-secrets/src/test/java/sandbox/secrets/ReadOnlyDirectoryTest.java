package sandbox.secrets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory the user cannot write: a clear error naming the file and the fix. Root
 * ignores directory permissions, so as root the directory is made immutable
 * ({@code chattr +i}, which binds root too); that needs a file system with inode flags
 * (ext4, xfs, btrfs), else the test skips and says why.
 */
class ReadOnlyDirectoryTest {

    @RegisterExtension
    final NoSecretsInLogs logs = new NoSecretsInLogs();

    @TempDir
    Path tmp;

    Path dir;
    boolean immutable;

    @BeforeEach
    void readOnly() throws Exception {
        dir = tmp.resolve("ro");
        Files.createDirectory(dir);
        Files.writeString(dir.resolve(".env"), "POSTGRES_PASSWORD=old-password-kept-1\n");
        Files.setPosixFilePermissions(dir.resolve(".env"), PosixFilePermissions.fromString("rw-------"));
        NoSecretsInLogs.watch(dir.resolve(".env"));
        if (isRoot()) {
            immutable = chattr("+i", dir);
            assumeTrue(immutable, "running as root and chattr +i is not supported on " + Files.getFileStore(tmp).type()
                    + ": cannot make a directory read-only for root");
        } else {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-x------"));
        }
    }

    @AfterEach
    void writable() throws Exception {
        if (immutable) {
            chattr("-i", dir);
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void creatingInAReadOnlyDirectoryIsAClearError() {
        Path env = dir.resolve("new.env");
        SecretFileException e = assertThrows(SecretFileException.class, () -> SecretFile.at(env).withoutGit().ensure());
        assertEquals(env.toString(), e.where().orElseThrow());
        assertTrue(e.getMessage().startsWith("cannot create or update the secret file: "), e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("write its directory"), e.oneLine());
        assertFalse(Files.exists(env));
    }

    @Test
    void completingAFileInAReadOnlyDirectoryFailsAndLeavesItUntouched() throws Exception {
        Path env = dir.resolve(".env");
        byte[] before = Files.readAllBytes(env);
        SecretFileException e = assertThrows(SecretFileException.class, () -> SecretFile.at(env).withoutGit().ensure());
        assertTrue(e.hint().orElseThrow().contains("write its directory"), e.oneLine());
        assertArrayEquals(before, Files.readAllBytes(env));
        try (var list = Files.list(dir)) {
            assertEquals(List.of(env), list.toList());
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static boolean chattr(String flag, Path p) {
        try {
            CommandLine cmd = new CommandLine("chattr");
            cmd.addArgument(flag, false);
            cmd.addArgument(p.toString(), false);
            DefaultExecutor ex = DefaultExecutor.builder().get();
            ex.setExitValues(null);
            return ex.execute(cmd) == 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
