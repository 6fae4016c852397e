package sandbox.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.ContainerRuntime.ProcessResult;
import sandbox.secrets.internal.postgres.PostgresSidecar;

/**
 * Rotation against a running Postgres sidecar container started from the secret file with
 * {@code --env-file}, exactly as {@code up} starts it. Needs a Docker daemon and the
 * harness's Postgres image ({@code .ci/test-postgres-image.sh}, or
 * {@code SANDBOX_TEST_POSTGRES_IMAGE}); skips with the reason otherwise.
 */
@Tag("container")
class SidecarRotationContainerTest {

    @RegisterExtension
    final NoSecretsInLogs logs = new NoSecretsInLogs();

    @TempDir
    Path tmp;

    /** Logs in over TCP to the container's own address, the password on stdin. */
    private static final String LOGIN = """
            IFS= read -r PGPASSWORD; export PGPASSWORD
            exec psql -X -w -h "$(hostname -i | cut -d' ' -f1)" -U sandbox -d sandbox -tAc 'select 40 + 2'
            """;

    private static boolean login(String container, String password) throws Exception {
        ProcessResult r = new DockerCli().exec(container, List.of("sh", "-c", LOGIN),
                (password + "\n").getBytes(StandardCharsets.UTF_8));
        return r.ok() && r.stdout().strip().equals("42");
    }

    @Test
    void rotatesTheRunningSidecarsPasswordAndTheFile() throws Exception {
        assumeTrue(DockerCli.available(), "no Docker daemon answers");
        String image = Optional.ofNullable(System.getenv("SANDBOX_TEST_POSTGRES_IMAGE")).orElse("sandbox-test/postgres:15");
        assumeTrue(DockerCli.docker(List.of("image", "inspect", image), new byte[0]).ok(),
                "image " + image + " is missing: run .ci/test-postgres-image.sh");
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        String suffix = HexFormat.of().formatHex(random);
        String network = "sbx-sec-net-" + suffix;
        String container = "sbx-sec-db-" + suffix;
        Path env = tmp.resolve(".env");
        NoSecretsInLogs.watch(env);
        // PGHOST stays claude-db, which does not resolve on this network: the sidecar's own
        // environment (from --env-file) must not steer the psql that rotate runs inside it.
        SecretFile file = SecretFile.at(env).withoutGit();
        file.ensure();
        String initial = Fixtures.password(env);
        try {
            assertTrue(DockerCli.docker(List.of("network", "create", network), new byte[0]).ok());
            ProcessResult run = DockerCli.docker(List.of("run", "-d", "--name", container, "--network", network,
                    "--label", "dev.sandbox.test=secrets", "--env-file", env.toString(), image), new byte[0]);
            assertTrue(run.ok(), run.stderr());
            waitUntilReady(container);
            assertTrue(login(container, initial), "the sidecar was initialised with the file's password");

            PostgresSidecar sidecar = new PostgresSidecar(new DockerCli(), container, Optional.empty());
            Rotated r = file.rotate(sidecar);

            String rotated = Fixtures.password(env);
            assertTrue(r.databaseChanged());
            assertEquals(List.of(), sidecar.warnings(), "a wrong password was refused: the check is real");
            assertTrue(login(container, rotated), "the new password logs in");
            assertFalse(login(container, initial), "the old one no longer does");
            String serverLog = DockerCli.docker(List.of("logs", container), new byte[0]).stderr()
                    + DockerCli.docker(List.of("logs", container), new byte[0]).stdout();
            assertFalse(serverLog.contains(rotated), "the server log has no new password");
        } finally {
            DockerCli.docker(List.of("rm", "-f", "-v", container), new byte[0]);
            DockerCli.docker(List.of("network", "rm", network), new byte[0]);
        }
    }

    private static void waitUntilReady(String container) throws Exception {
        for (int i = 0; i < 120; i++) {
            if (DockerCli.docker(List.of("exec", container, "pg_isready", "-q", "-h", "127.0.0.1"), new byte[0]).ok()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the sidecar did not become ready: "
                + DockerCli.docker(List.of("logs", container), new byte[0]).stderr());
    }
}
