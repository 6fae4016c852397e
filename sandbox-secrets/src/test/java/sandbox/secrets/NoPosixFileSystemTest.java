package sandbox.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file system without POSIX permissions (the JDK's zip file system, a real provider)
 * gets a loud warning from ensure and a problem from check, never a silent success.
 */
class NoPosixFileSystemTest {

    @RegisterExtension
    final NoSecretsInLogs logs = new NoSecretsInLogs();

    @TempDir
    Path tmp;

    @Test
    void warnsThatTheFileCannotBeMadePrivate() throws Exception {
        URI zip = URI.create("jar:" + tmp.resolve("fs.zip").toUri());
        try (FileSystem fs = FileSystems.newFileSystem(zip, Map.of("create", "true"))) {
            Path dir = fs.getPath("/project");
            Files.createDirectory(dir);
            assertFalse(Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class));
            Path env = dir.resolve(".devcontainer/.env");

            Ensured e = SecretFile.at(env).withoutGit().ensure();

            assertTrue(e.created());
            assertEquals(1, e.warnings().size(), e.warnings().toString());
            assertTrue(e.warnings().get(0).contains("no POSIX permissions"), e.warnings().get(0));
            assertEquals(9, SecretFile.at(env).withoutGit().read().keys().size());
            CheckReport c = SecretFile.at(env).withoutGit().check();
            assertFalse(c.ok());
            assertTrue(c.problems().stream().anyMatch(p -> p.contains("no POSIX permissions")), c.problems().toString());
        }
    }
}
