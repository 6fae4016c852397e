package sandbox.secrets.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.Console;
import sandbox.api.ContainerRuntime;
import sandbox.api.Invocation;
import sandbox.api.Project;
import sandbox.api.SandboxException;
import sandbox.api.Services;
import sandbox.api.Settings;
import sandbox.api.UsageException;
import sandbox.secrets.Fixtures;
import sandbox.secrets.NoSecretsInLogs;

/** The commands, end to end on real files and a real git repository. */
class SecretsCommandTest {

    @RegisterExtension
    final NoSecretsInLogs logs = new NoSecretsInLogs();

    @TempDir
    Path tmp;

    Path repo;
    Path env;
    ByteArrayOutputStream out;
    ByteArrayOutputStream err;

    @BeforeEach
    void project() throws Exception {
        assumeTrue(Fixtures.gitAvailable(), "git is not installed");
        repo = Fixtures.gitRepo(tmp.resolve("repo"));
        env = repo.resolve(".devcontainer/.env");
        NoSecretsInLogs.watch(env);
    }

    private int run(Services services, String... args) throws SandboxException {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        Console console = Console.of(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Console.Verbosity.NORMAL, false);
        Invocation inv = new Invocation(List.of(args), new Project(repo), Settings.empty(), console, services);
        return new SecretsCommand().run(inv);
    }

    private int run(String... args) throws SandboxException {
        return run(Services.none(), args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private void assertNoPasswordPrinted() throws Exception {
        String pw = Fixtures.password(env);
        assertFalse(out().contains(pw) || err().contains(pw), "a password was printed");
    }

    @Test
    void initCreatesAnIgnoredPrivateFileAndASecondRunChangesNothing() throws Exception {
        assertEquals(0, run("init"));
        assertEquals("created .devcontainer/.env (mode 0600)\n", out());
        assertEquals("rw-------", Fixtures.mode(env));
        assertEquals(0, new sandbox.secrets.internal.git.Git("git")
                .run(repo, List.of("check-ignore", "-q", ".devcontainer/.env")).exitCode());
        byte[] file = Files.readAllBytes(env);
        byte[] ignore = Files.readAllBytes(repo.resolve(".gitignore"));
        assertNoPasswordPrinted();

        assertEquals(0, run("init"));
        assertEquals(".devcontainer/.env is in place (unchanged)\n", out());
        assertEquals(new String(file), Files.readString(env));
        assertEquals(new String(ignore), Files.readString(repo.resolve(".gitignore")));
    }

    @Test
    void checkPassesOnAGoodFile() throws Exception {
        run("init");
        assertEquals(0, run("check"));
        assertEquals("ok: .devcontainer/.env\n", out());
    }

    @Test
    void checkFailsOnAnOpenMode() throws Exception {
        run("init");
        Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-rw-r--"));
        assertEquals(1, run("check"));
        assertTrue(err().contains(".devcontainer/.env: mode 0664 is open beyond its owner, must be 0600"), err());
        assertEquals("rw-rw-r--", Fixtures.mode(env), "check changes nothing");
    }

    @Test
    void checkFailsOnASymlink() throws Exception {
        run("init");
        Path real = repo.resolve("real.env");
        Files.move(env, real);
        Files.createSymbolicLink(env, real);
        assertEquals(1, run("check"));
        assertTrue(err().contains("is a symbolic link"), err());
    }

    @Test
    void checkFailsOnATrackedFile() throws Exception {
        run("init");
        Fixtures.git(repo, "add", "-f", ".devcontainer/.env");
        assertEquals(1, run("check"));
        assertTrue(err().contains("tracked by git (fix: git rm --cached -- .devcontainer/.env"), err());
        assertNoPasswordPrinted();
    }

    @Test
    void checkFailsOnMalformedContentWithTheLine() throws Exception {
        run("init");
        Files.writeString(env, Files.readString(env) + "oops no equals\n");
        assertEquals(1, run("check"));
        assertTrue(err().contains(".devcontainer/.env:14: expected KEY=VALUE"), err());
    }

    @Test
    void checkFailsWhenNotIgnored() throws Exception {
        run("init");
        Files.delete(repo.resolve(".gitignore"));
        assertEquals(1, run("check"));
        assertTrue(err().contains(".devcontainer/.env: not ignored by git (fix: sandbox secrets init)"), err());
    }

    @Test
    void checkFailsWhenMissing() throws Exception {
        assertEquals(1, run("check"));
        assertTrue(err().contains("does not exist (fix: sandbox secrets init)"), err());
    }

    @Test
    void showMasksSecretsAndRevealPrintsOneValue() throws Exception {
        run("init");
        assertEquals(0, run("show"));
        assertTrue(out().contains("PGHOST=claude-db\n"));
        assertTrue(out().contains("PGPASSWORD=********\n"));
        assertTrue(out().contains("DATABASE_URL=********\n"));
        assertNoPasswordPrinted();

        assertEquals(0, run("show", "--reveal", "PGPASSWORD"));
        assertEquals(Fixtures.password(env) + "\n", out());
        assertThrows(UsageException.class, () -> run("show", "--reveal", "NOPE"));
    }

    @Test
    void fileOptionChoosesAnotherPath() throws Exception {
        Path other = tmp.resolve("elsewhere/.env");
        Files.createDirectories(other.getParent());
        NoSecretsInLogs.watch(other);
        assertEquals(0, run("init", "--file", other.toString()));
        assertTrue(Files.exists(other));
        assertFalse(Files.exists(env));
    }

    @Test
    void rotateWithoutARuntimeAsksForFileOnly() throws Exception {
        run("init");
        String before = Files.readString(env);
        SandboxException e = assertThrows(SandboxException.class, () -> run("rotate"));
        assertTrue(e.hint().orElseThrow().contains("--file-only"));
        assertEquals(before, Files.readString(env));

        String old = Fixtures.password(env);
        NoSecretsInLogs.secret(old);
        assertEquals(0, run("rotate", "--file-only"));
        assertFalse(old.equals(Fixtures.password(env)));
        assertTrue(err().contains("still holds the old password"), err());
        assertNoPasswordPrinted();
    }

    @Test
    void rotateUsesTheRuntimeFromServicesAndTheConfiguredContainer() throws Exception {
        run("init");
        String[] askedFor = new String[1];
        ContainerRuntime stopped = new ContainerRuntime() {
            @Override public String name() { return "fake"; }

            @Override public boolean isRunning(String container) {
                askedFor[0] = container;
                return false;
            }

            @Override public ProcessResult exec(String container, List<String> command, byte[] stdin) {
                throw new AssertionError("no exec when the sidecar is not running");
            }
        };
        Services services = new Services() {
            @Override public <T> Optional<T> find(Class<T> type) {
                return type == ContainerRuntime.class ? Optional.of(type.cast(stopped)) : Optional.empty();
            }
        };
        assertEquals(0, run(services, "rotate"));
        assertEquals("claude-db", askedFor[0]);
        assertEquals(0, run(services, "rotate", "--container", "other-db"));
        assertEquals("other-db", askedFor[0]);
    }

    @Test
    void theContainerPrefixNamesTheSidecarWhenDbContainerIsUnset() throws Exception {
        assertEquals("claude-db", sandbox.secrets.internal.DatabaseSettings.container(Settings.empty()));
        assertEquals("t1-db", sandbox.secrets.internal.DatabaseSettings.container(
                Settings.resolve(Map.of("container.prefix", "t1"), Map.of())));
        assertEquals("x", sandbox.secrets.internal.DatabaseSettings.container(
                Settings.resolve(Map.of("container.prefix", "t1", "db.container", "x"), Map.of())));
    }

    @Test
    void settingsNameTheDatabase() throws Exception {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        Console console = Console.of(new PrintStream(out), new PrintStream(err), Console.Verbosity.NORMAL, false);
        Settings settings = Settings.resolve(Map.of("db.container", "my-db", "db.user", "app"), Map.of());
        new SecretsCommand().run(new Invocation(List.of("init"), new Project(repo), settings, console, Services.none()));
        assertEquals("my-db", Fixtures.values(env).get("PGHOST"));
        assertEquals("app", Fixtures.values(env).get("POSTGRES_USER"));
    }
}
