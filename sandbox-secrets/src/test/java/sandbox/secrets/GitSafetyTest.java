package sandbox.secrets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import sandbox.secrets.internal.git.Git;

/** Real git repositories: ignored when missing from .gitignore, tracked is an error with the fix. */
class GitSafetyTest {

    @RegisterExtension
    final NoSecretsInLogs logs = new NoSecretsInLogs();

    @TempDir
    Path tmp;

    Path repo;
    Path env;

    @BeforeEach
    void repository() throws Exception {
        assumeTrue(Fixtures.gitAvailable(), "git is not installed");
        repo = Fixtures.gitRepo(tmp.resolve("repo"));
        env = repo.resolve(".devcontainer/.env");
        NoSecretsInLogs.watch(env);
    }

    private boolean ignored(String path) {
        return new Git("git").run(repo, List.of("check-ignore", "-q", "--", path)).exitCode() == 0;
    }

    @Test
    void addsAnchoredIgnorePatternsBeforeTheFileExists() throws Exception {
        Ensured e = SecretFile.at(env).ensure();

        assertEquals("# sandbox: local secrets, never commit\n/.devcontainer/.env\n/.devcontainer/.env.previous\n"
                + "/.devcontainer/.env.*.tmp\n", Files.readString(repo.resolve(".gitignore")));
        assertTrue(ignored(".devcontainer/.env"));
        assertTrue(ignored(".devcontainer/.env.previous"));
        assertTrue(ignored(".devcontainer/.env.3fa9c0d1e2b4.tmp"));
        assertTrue(e.notes().stream().anyMatch(n -> n.startsWith("added /.devcontainer/.env")), e.notes().toString());
        Fixtures.git(repo, "add", "-A");
        assertEquals(".gitignore\n", Fixtures.git(repo, "diff", "--cached", "--name-only").stdout());
    }

    @Test
    void keepsExistingGitignoreContentAndAddsOnlyWhatIsMissing() throws Exception {
        Files.writeString(repo.resolve(".gitignore"), "target/\n.devcontainer/.env");
        SecretFile.at(env).ensure();
        assertEquals("target/\n.devcontainer/.env\n# sandbox: local secrets, never commit\n"
                + "/.devcontainer/.env.previous\n/.devcontainer/.env.*.tmp\n", Files.readString(repo.resolve(".gitignore")));
    }

    @Test
    void leavesGitignoreAloneWhenEverythingIsIgnored() throws Exception {
        Files.writeString(repo.resolve(".gitignore"), ".devcontainer/.env*\n");
        byte[] before = Files.readAllBytes(repo.resolve(".gitignore"));
        SecretFile.at(env).ensure();
        SecretFile.at(env).ensure();
        assertArrayEquals(before, Files.readAllBytes(repo.resolve(".gitignore")));
    }

    @Test
    void trackedFileIsAnErrorShowingTheFix() throws Exception {
        Files.createDirectories(env.getParent());
        Files.writeString(env, "POSTGRES_PASSWORD=committed-by-mistake\n");
        Fixtures.git(repo, "add", ".devcontainer/.env");
        Fixtures.git(repo, "commit", "-qm", "oops");
        byte[] before = Files.readAllBytes(env);

        SecretFileException e = assertThrows(SecretFileException.class, () -> SecretFile.at(env).ensure());

        assertTrue(e.getMessage().contains("tracked by git"), e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("git rm --cached -- .devcontainer/.env"), e.oneLine());
        assertArrayEquals(before, Files.readAllBytes(env));
        assertFalse(Files.exists(repo.resolve(".gitignore")));
        assertTrue(SecretFile.at(env).check().problems().stream().anyMatch(p -> p.contains("tracked by git")));
    }

    @Test
    void stagedButDeletedFileIsStillRefused() throws Exception {
        Files.createDirectories(env.getParent());
        Files.writeString(env, "X=1\n");
        Fixtures.git(repo, "add", ".devcontainer/.env");
        Files.delete(env);
        assertThrows(SecretFileException.class, () -> SecretFile.at(env).ensure());
        assertFalse(Files.exists(env), "no secret written where git would pick it up");
    }

    @Test
    void outsideARepositoryGitIsSkippedWithANote() throws Exception {
        Path plain = tmp.resolve("plain/.env");
        Files.createDirectories(plain.getParent());
        Ensured e = SecretFile.at(plain).ensure();
        assertTrue(e.created());
        assertTrue(e.notes().contains("not inside a git repository: skipped the git checks"), e.notes().toString());
    }

    @Test
    void withoutGitInstalledItIsSkippedWithANote() throws Exception {
        Ensured e = SecretFile.at(env).withGit(tmp.resolve("no-such-git").toString()).ensure();
        assertTrue(e.created());
        assertTrue(e.notes().contains("git not found: skipped the git checks"), e.notes().toString());
    }

    @Test
    void pathsWithGlobCharactersAreEscapedInThePattern() throws Exception {
        Path odd = repo.resolve("we*ird [dir]/.env");
        Files.createDirectories(odd.getParent());
        Files.writeString(repo.resolve("we*ird [dir]/keep.txt"), "x");
        SecretFile.at(odd).ensure();
        assertTrue(Files.readString(repo.resolve(".gitignore")).contains("/we\\*ird \\[dir]/.env\n"));
        assertTrue(ignored("we*ird [dir]/.env"));
        Fixtures.git(repo, "add", "-A");
        assertEquals(".gitignore\nwe*ird [dir]/keep.txt\n",
                Fixtures.git(repo, "-c", "core.quotepath=off", "diff", "--cached", "--name-only").stdout());
    }
}
