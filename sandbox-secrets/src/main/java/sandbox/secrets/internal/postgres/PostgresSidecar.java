package sandbox.secrets.internal.postgres;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sandbox.api.ContainerRuntime;
import sandbox.api.SandboxException;
import sandbox.secrets.PasswordChange;
import sandbox.secrets.Secret;
import sandbox.secrets.SecretEnv;
import sandbox.secrets.internal.EnvContent;

/**
 * The Postgres sidecar as a {@link PasswordChange}: {@code psql} inside the container,
 * through the container runtime. Passwords travel on stdin only; the server receives a
 * SCRAM verifier, never the password itself.
 */
public final class PostgresSidecar implements PasswordChange {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresSidecar.class);

    /**
     * Logs in over TCP (the server's host rules, not the local-socket trust rule) with the
     * password read from stdin into PGPASSWORD: never an argument. $1 host (empty: the
     * container's own address), $2 port, $3 user, $4 database.
     */
    static final String LOGIN_SCRIPT = """
            set -eu
            IFS= read -r PGPASSWORD
            export PGPASSWORD
            host=$1
            if [ -z "$host" ]; then host=$(hostname -i | cut -d' ' -f1); fi
            exec psql -X -w -q -A -t -v ON_ERROR_STOP=1 -h "$host" -p "$2" -U "$3" -d "$4" -c 'select 1'
            """;

    /**
     * psql over the server's local socket. The sidecar's environment comes from the secret
     * file ({@code --env-file}), so its PGHOST/PGPASSWORD would send psql over TCP with the
     * old password: {@code env -u} drops them for this one process.
     */
    static List<String> alterCommand(SecretEnv env) {
        return List.of("env", "-u", "PGHOST", "-u", "PGHOSTADDR", "-u", "PGPORT", "-u", "PGPASSWORD",
                "-u", "PGSERVICE", "-u", "PGSSLMODE",
                "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-U", env.user(), "-d", env.database());
    }

    private final ContainerRuntime runtime;
    private final String container;
    private final Optional<String> loginHost;
    private final List<String> warnings = new ArrayList<>();

    /**
     * @param loginHost where the login check connects; empty: the container's own
     *        non-loopback address, so the check goes through password authentication
     */
    public PostgresSidecar(ContainerRuntime runtime, String container, Optional<String> loginHost) {
        this.runtime = runtime;
        this.container = container;
        this.loginHost = loginHost;
    }

    /** Things the user should know that did not stop the rotation (e.g. trust authentication). */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public boolean databaseRunning() throws SandboxException {
        return runtime.isRunning(container);
    }

    @Override
    public void setPassword(SecretEnv env, Secret password) throws SandboxException {
        Secret verifier = ScramVerifier.of(password);
        String sql = "ALTER ROLE \"" + env.user() + "\" PASSWORD '" + verifier.reveal() + "';\n";
        ContainerRuntime.ProcessResult r = runtime.exec(container, alterCommand(env),
                sql.getBytes(StandardCharsets.UTF_8));
        if (!r.ok()) {
            throw new SandboxException("psql in " + container + " could not change the password of role "
                    + env.user() + " (exit " + r.exitCode() + "): " + redacted(r.stderr(), password, verifier));
        }
        LOG.info("changed the password of role {} in {}", env.user(), container);
    }

    @Override
    public void verifyLogin(SecretEnv env, Secret password) throws SandboxException {
        ContainerRuntime.ProcessResult r = login(env, password);
        if (!r.ok()) {
            throw new SandboxException("the database in " + container + " refused a login as " + env.user()
                    + " with the new password (exit " + r.exitCode() + "): " + redacted(r.stderr(), password, password));
        }
        // A login that would work with any password proves nothing: say so.
        Secret wrong = EnvContent.newPassword();
        if (login(env, wrong).ok()) {
            String w = "the database in " + container + " accepted a login with a wrong password too: password"
                    + " authentication is not enforced for that connection (pg_hba 'trust')";
            LOG.warn(w);
            warnings.add(w);
        }
    }

    private ContainerRuntime.ProcessResult login(SecretEnv env, Secret password) throws SandboxException {
        String port = env.get("PGPORT").map(Secret::reveal).orElse("5432");
        return runtime.exec(container,
                List.of("sh", "-c", LOGIN_SCRIPT, "sh", loginHost.orElse(""), port, env.user(), env.database()),
                (password.reveal() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The first useful line of psql's stderr, without statement echoes or anything secret. */
    static String redacted(String stderr, Secret password, Secret verifier) {
        for (String line : stderr.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("LINE ") || l.startsWith("^")) {
                continue;
            }
            if (l.contains(password.reveal()) || l.contains(verifier.reveal()) || l.contains("SCRAM-SHA-256$")) {
                return "(message withheld: it quoted the secret)";
            }
            return l;
        }
        return "(no message)";
    }
}
