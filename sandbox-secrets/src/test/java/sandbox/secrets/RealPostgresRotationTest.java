package sandbox.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import sandbox.api.ContainerRuntime;
import sandbox.secrets.internal.postgres.PostgresSidecar;

/**
 * Rotation against a real PostgreSQL server (the distribution's, started on loopback for
 * this test), with the sidecar's {@code psql} commands run locally instead of through a
 * container: the SQL, the SCRAM verifier, stdin-only passwords and the login check meet the
 * real server. Host connections use scram-sha-256, so a login proves the password.
 * Skips when PostgreSQL's server binaries are not installed.
 */
class RealPostgresRotationTest {

    @RegisterExtension
    final NoSecretsInLogs logs = new NoSecretsInLogs();

    static Path bin;
    static Path base;
    static Path data;
    static Path socket;
    static int port;
    static final String INITIAL = "initial-test-password-1";

    @BeforeAll
    static void startServer() throws Exception {
        Optional<Path> initdb = Optional.empty();
        if (Files.isDirectory(Path.of("/usr/lib/postgresql"))) {
            try (Stream<Path> s = Files.list(Path.of("/usr/lib/postgresql"))) {
                initdb = s.map(p -> p.resolve("bin/initdb")).filter(Files::isExecutable).findFirst();
            }
        }
        assumeTrue(initdb.isPresent(), "PostgreSQL server binaries (/usr/lib/postgresql/*/bin) are not installed");
        bin = initdb.get().getParent();
        boolean root = "root".equals(System.getProperty("user.name"));
        assumeTrue(!root || Files.isExecutable(Path.of("/usr/bin/setpriv")) && userExists("postgres"),
                "running as root needs setpriv and a 'postgres' user to start the server unprivileged");
        base = Files.createTempDirectory("sbx-sec-pg-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        data = base.resolve("data");
        socket = base.resolve("s");
        Path pwfile = base.resolve("pw");
        Files.writeString(pwfile, INITIAL + "\n");
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        if (root) {
            for (Path p : List.of(base, pwfile)) {
                Files.setOwner(p, base.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres"));
            }
        }
        server(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "sandbox", "--pwfile", pwfile.toString(),
                "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync"));
        Files.delete(pwfile);
        Files.writeString(data.resolve("postgresql.conf"), "\nlisten_addresses = '127.0.0.1'\nport = " + port
                + "\nunix_socket_directories = '" + socket + "'\nfsync = off\n", java.nio.file.StandardOpenOption.APPEND);
        server(List.of("mkdir", "-p", socket.toString()));
        server(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-l", base.resolve("log").toString(),
                "start"));
        run(List.of(bin.resolve("createdb").toString(), "-h", socket.toString(), "-p", Integer.toString(port), "-U",
                "sandbox", "sandbox"), new byte[0], Map.of());
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (data != null && Files.exists(data.resolve("postmaster.pid"))) {
            server(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "stop"));
        }
        if (base != null) {
            try (Stream<Path> s = Files.walk(base)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * Runs "in the sidecar": locally, with the environment a sidecar started with
     * {@code --env-file} has (PGHOST names a host that does not resolve here, PGPASSWORD an
     * old password), and this test's server standing in for the container's default socket.
     */
    static final class LocalSidecar implements ContainerRuntime {
        final List<List<String>> argvs = new ArrayList<>();

        @Override public String name() { return "local"; }

        @Override public boolean isRunning(String container) { return true; }

        @Override public ProcessResult exec(String container, List<String> command, byte[] stdin) {
            argvs.add(command);
            List<String> argv = new ArrayList<>(command);
            if (argv.get(0).equals("env") && argv.contains("psql")) {
                // After env's -u options: where the container's default socket would be.
                argv.addAll(argv.indexOf("psql"), List.of("PGHOST=" + socket, "PGPORT=" + port));
            }
            try {
                return run(argv, stdin, Map.of("PGHOST", "claude-db.invalid", "PGPASSWORD", "stale-env-file-password"));
            } catch (IOException e) {
                return new ProcessResult(127, "", e.toString());
            }
        }
    }

    /** Logs in with libpq over TCP (password from the environment of this child only). */
    static boolean canLogIn(String password) throws IOException {
        return run(List.of("psql", "-X", "-w", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "sandbox", "-d",
                "sandbox", "-Atc", "select 1"), new byte[0], Map.of("PGPASSWORD", password)).ok();
    }

    @Test
    void rotationChangesTheRealRoleAndTheFileTogether() throws Exception {
        Path dir = Files.createTempDirectory("sbx-sec-rot-");
        try {
            Path env = dir.resolve(".env");
            NoSecretsInLogs.watch(env);
            NoSecretsInLogs.secret(INITIAL);
            Files.writeString(env, "POSTGRES_USER=sandbox\nPOSTGRES_PASSWORD=" + INITIAL + "\nPOSTGRES_DB=sandbox\nPGPORT="
                    + port + "\n");
            Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-------"));
            SecretFile file = SecretFile.at(env).withoutGit();
            file.ensure();
            assertTrue(canLogIn(INITIAL), "the server takes the initial password");

            LocalSidecar local = new LocalSidecar();
            PostgresSidecar sidecar = new PostgresSidecar(local, "claude-db", Optional.of("127.0.0.1"));
            Rotated r = file.rotate(sidecar);

            String fresh = Fixtures.password(env);
            assertTrue(r.databaseChanged());
            assertTrue(canLogIn(fresh), "the server takes the new password");
            assertFalse(canLogIn(INITIAL), "and refuses the old one");
            assertEquals(List.of(), sidecar.warnings(), "password authentication was really exercised");
            assertFalse(Files.exists(file.previousPath()));
            for (List<String> argv : local.argvs) {
                assertFalse(String.join(" ", argv).contains(fresh) || String.join(" ", argv).contains(INITIAL));
            }
            assertFalse(Files.readString(base.resolve("log")).contains(fresh), "the server log has no password");
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void aRoleTheServerDoesNotKnowLeavesEverythingAsItWas() throws Exception {
        Path dir = Files.createTempDirectory("sbx-sec-rot-");
        try {
            Path env = dir.resolve(".env");
            NoSecretsInLogs.watch(env);
            Files.writeString(env, "POSTGRES_USER=nobody_here\nPOSTGRES_PASSWORD=some-old-password-9\nPGPORT=" + port + "\n");
            byte[] before = Files.readAllBytes(env);
            SecretFile file = SecretFile.at(env).withoutGit();
            PostgresSidecar sidecar = new PostgresSidecar(new LocalSidecar(), "claude-db", Optional.of("127.0.0.1"));
            SecretFileException e = assertThrows(SecretFileException.class, () -> file.rotate(sidecar));
            assertTrue(e.getMessage().contains("nothing changed"), e.getMessage());
            assertEquals(new String(before), Files.readString(env));
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void server(List<String> command) throws IOException {
        List<String> argv = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            argv.addAll(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"));
        }
        argv.addAll(command);
        ContainerRuntime.ProcessResult r = run(argv, new byte[0], Map.of());
        if (!r.ok()) {
            throw new IOException(String.join(" ", command) + " failed: " + r.stderr() + r.stdout());
        }
    }

    private static boolean userExists(String name) {
        try {
            return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(l -> l.startsWith(name + ":"));
        } catch (IOException e) {
            return false;
        }
    }

    static ContainerRuntime.ProcessResult run(List<String> command, byte[] stdin, Map<String, String> extraEnv)
            throws IOException {
        CommandLine cmd = new CommandLine(command.get(0));
        command.subList(1, command.size()).forEach(a -> cmd.addArgument(a, false));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DefaultExecutor ex = DefaultExecutor.builder().setWorkingDirectory(Path.of("/tmp")).get();
        ex.setStreamHandler(new PumpStreamHandler(out, err, new ByteArrayInputStream(stdin)));
        ex.setWatchdog(ExecuteWatchdog.builder().setTimeout(Duration.ofSeconds(60)).get());
        ex.setExitValues(null);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(extraEnv);
        int code = ex.execute(cmd, env);
        return new ContainerRuntime.ProcessResult(code, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
    }
}
