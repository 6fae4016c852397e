package sandbox.secrets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.SandboxException;
import sandbox.secrets.internal.postgres.PostgresSidecar;

/** Rotation against a fake sidecar that fails at each step: the old password always survives. */
class RotationTest {

    @RegisterExtension
    final NoSecretsInLogs logs = new NoSecretsInLogs();

    @TempDir
    Path tmp;

    Path env;
    SecretFile file;
    String oldPassword;
    byte[] before;
    Object inode;
    FakePostgres db;

    @BeforeEach
    void existingFileAndDatabase() throws Exception {
        env = tmp.resolve(".env");
        NoSecretsInLogs.watch(env);
        file = SecretFile.at(env).withoutGit();
        file.ensure();
        Files.writeString(env, Files.readString(env) + "# my own comment\nAPP_MODE=dev\n");
        oldPassword = Fixtures.password(env);
        before = Files.readAllBytes(env);
        inode = Files.readAttributes(env, BasicFileAttributes.class).fileKey();
        db = new FakePostgres(Secret.of(oldPassword));
    }

    private PostgresSidecar sidecar() {
        return new PostgresSidecar(db, "claude-db", Optional.empty());
    }

    private void assertOldPasswordIntact() throws Exception {
        assertTrue(db.accepts(oldPassword), "the database still takes the old password");
        assertArrayEquals(before, Files.readAllBytes(env), "the file is unchanged");
        assertEquals("rw-------", Fixtures.mode(env));
        assertFalse(Files.exists(file.previousPath()), ".env.previous is gone");
        try (var list = Files.list(tmp)) {
            assertEquals(List.of(env), list.toList(), "no temp file left");
        }
    }

    private void assertNoSecretInArguments() {
        for (String stdin : db.stdins) {
            for (List<String> argv : db.argvs) {
                for (String arg : argv) {
                    assertFalse(arg.contains(oldPassword), "old password in an argument");
                    assertFalse(stdin.length() > 8 && arg.contains(stdin.strip()), "stdin content in an argument");
                }
            }
        }
        db.stdins.forEach(s -> NoSecretsInLogs.secret(s.strip()));
    }

    @Test
    void changesTheDatabaseFirstThenTheFileAndVerifiesTheLogin() throws Exception {
        Rotated r = file.rotate(sidecar());

        String newPassword = Fixtures.password(env);
        assertNotEquals(oldPassword, newPassword);
        assertTrue(r.databaseChanged());
        assertTrue(db.accepts(newPassword));
        assertFalse(db.accepts(oldPassword));
        var v = Fixtures.values(env);
        assertEquals(newPassword, v.get("PGPASSWORD"));
        assertEquals("postgresql://sandbox:" + newPassword + "@claude-db:5432/sandbox", v.get("DATABASE_URL"));
        assertTrue(Files.readString(env).endsWith("# my own comment\nAPP_MODE=dev\n"), "other lines kept");
        assertEquals(new String(before).replace(oldPassword, newPassword), Files.readString(env));
        assertEquals("rw-------", Fixtures.mode(env));
        assertFalse(Files.exists(file.previousPath()));
        assertFalse(db.stdins.get(0).contains(newPassword), "the server gets a SCRAM verifier, not the password");
        assertNoSecretInArguments();
    }

    @Test
    void whenTheRuntimeCannotBeAskedNothingChanges() throws Exception {
        db.isRunningThrows = true;
        assertThrows(SandboxException.class, () -> file.rotate(sidecar()));
        assertOldPasswordIntact();
    }

    @Test
    void whenTheDatabaseRefusesTheChangeNothingChanges() throws Exception {
        db.failAlter = 1;
        SecretFileException e = assertThrows(SecretFileException.class, () -> file.rotate(sidecar()));
        assertTrue(e.getMessage().contains("nothing changed"), e.getMessage());
        assertFalse(e.getMessage().contains("SCRAM"), "psql's statement echo is withheld: " + e.getMessage());
        assertOldPasswordIntact();
        assertNoSecretInArguments();
    }

    @Test
    void whenTheNewFileCannotBePublishedTheDatabaseGetsTheOldPasswordBack() throws Exception {
        // Something appears at .env.previous while the database is changing: the link fails.
        db.duringFirstAlter = () -> {
            try {
                Files.createDirectory(file.previousPath());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        };
        assertThrows(SecretFileException.class, () -> file.rotate(sidecar()));
        Files.delete(file.previousPath());
        assertEquals(2, db.alters, "changed, then changed back");
        assertOldPasswordIntact();
    }

    @Test
    void whenTheLoginWithTheNewPasswordFailsEverythingIsPutBack() throws Exception {
        db.failLogin = true;
        SecretFileException e = assertThrows(SecretFileException.class, () -> file.rotate(sidecar()));
        assertTrue(e.getMessage().contains("restored the old password and file"), e.getMessage());
        assertOldPasswordIntact();
        assertEquals(inode, Files.readAttributes(env, BasicFileAttributes.class).fileKey(), "the very same file");
        assertNoSecretInArguments();
    }

    @Test
    void whenEvenTheRestoreFailsTheErrorSaysWhereThingsStand() throws Exception {
        db.failLogin = true;
        db.failAlter = 2;
        SecretFileException e = assertThrows(SecretFileException.class, () -> file.rotate(sidecar()));
        assertTrue(e.getMessage().contains("could not be given the old password back"), e.getMessage());
        assertTrue(e.getMessage().contains(".env.previous the old one"), e.getMessage());
        String inFile = Fixtures.password(env);
        assertTrue(db.accepts(inFile), "the file holds the password the database now expects");
        assertEquals(oldPassword, Fixtures.password(file.previousPath()));
        assertEquals("rw-------", Fixtures.mode(file.previousPath()));
        assertTrue(file.check().problems().stream().anyMatch(p -> p.contains("rotation was interrupted")));
        SecretFileException again = assertThrows(SecretFileException.class, () -> file.rotate(sidecar()));
        assertTrue(again.getMessage().contains("interrupted"), again.getMessage());
    }

    @Test
    void withoutARunningSidecarOnlyTheFileChangesAndItSaysSo() throws Exception {
        db.running = false;
        Rotated r = file.rotate(sidecar());
        assertFalse(r.databaseChanged());
        assertNotEquals(oldPassword, Fixtures.password(env));
        assertTrue(r.notes().get(0).contains("still holds the old password"), r.notes().toString());
        assertTrue(db.accepts(oldPassword));
        assertEquals(0, db.alters);
        assertEquals("rw-------", Fixtures.mode(env));
    }

    @Test
    void warnsWhenTheDatabaseWouldAcceptAnyPassword() throws Exception {
        db.acceptAnyPassword = true;
        PostgresSidecar s = sidecar();
        file.rotate(s);
        assertTrue(s.warnings().get(0).contains("not enforced"), s.warnings().toString());
    }

    @Test
    void aMissingFileCannotBeRotated() throws Exception {
        SecretFileException e = assertThrows(SecretFileException.class,
                () -> SecretFile.at(tmp.resolve("none")).withoutGit().rotate(sidecar()));
        assertTrue(e.getMessage().contains("does not exist"));
        assertEquals(0, db.alters);
    }

    @Test
    void aSymlinkIsNotRotated() throws Exception {
        Path link = tmp.resolve("link.env");
        Files.createSymbolicLink(link, env);
        assertThrows(SecretFileException.class, () -> SecretFile.at(link).withoutGit().rotate(sidecar()));
        Files.delete(link);
        assertOldPasswordIntact();
    }
}
