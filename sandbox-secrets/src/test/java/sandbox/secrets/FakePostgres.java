package sandbox.secrets;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sandbox.api.ContainerRuntime;
import sandbox.api.SandboxException;
import sandbox.secrets.internal.postgres.ScramVerifier;

/**
 * A container runtime whose one container behaves like the Postgres sidecar for the
 * commands {@code PostgresSidecar} sends: {@code psql} reading {@code ALTER ROLE … PASSWORD
 * '<SCRAM verifier>'} on stdin, and the login script reading a password on stdin. It keeps
 * the role's verifier, so "which password works" is checked the way the server checks it.
 * Each step can be made to fail.
 */
final class FakePostgres implements ContainerRuntime {

    private static final Pattern ALTER = Pattern.compile("ALTER ROLE \"([a-z_0-9]+)\" PASSWORD '(SCRAM-SHA-256\\$[^']+)';\n");

    boolean running = true;
    boolean isRunningThrows;
    /** 1-based number of the ALTER call that fails (0: none). */
    int failAlter;
    boolean failLogin;
    boolean acceptAnyPassword;
    Runnable duringFirstAlter = () -> { };

    Secret verifier;
    int alters;
    final List<List<String>> argvs = new ArrayList<>();
    final List<String> stdins = new ArrayList<>();

    FakePostgres(Secret initialPassword) {
        verifier = ScramVerifier.of(initialPassword);
    }

    boolean accepts(String password) {
        return ScramVerifier.matches(verifier, Secret.of(password));
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public boolean isRunning(String container) throws SandboxException {
        if (isRunningThrows) {
            throw new SandboxException("cannot connect to the container runtime");
        }
        return running;
    }

    @Override
    public ProcessResult exec(String container, List<String> command, byte[] stdin) throws SandboxException {
        argvs.add(List.copyOf(command));
        String in = new String(stdin, StandardCharsets.UTF_8);
        stdins.add(in);
        if (command.contains("psql")) {
            if (!command.subList(0, command.indexOf("psql")).containsAll(List.of("env", "PGHOST", "PGPASSWORD"))) {
                // The sidecar's environment (its --env-file) would point psql elsewhere.
                return new ProcessResult(2, "", "psql: error: could not translate host name \"claude-db\"");
            }
            alters++;
            if (alters == 1) {
                duringFirstAlter.run();
            }
            Matcher m = ALTER.matcher(in);
            if (!m.matches()) {
                return new ProcessResult(3, "", "ERROR:  syntax error\nLINE 1: " + in);
            }
            if (alters == failAlter) {
                return new ProcessResult(3, "", "psql: error: connection to server on socket failed\nLINE 1: " + in);
            }
            verifier = Secret.of(m.group(2));
            return new ProcessResult(0, "", "");
        }
        if (command.get(0).equals("sh") && command.get(2).contains("IFS= read -r PGPASSWORD")) {
            if (failLogin) {
                return new ProcessResult(2, "", "psql: error: connection refused");
            }
            String password = in.substring(0, in.indexOf('\n'));
            return acceptAnyPassword || accepts(password) ? new ProcessResult(0, "1\n", "")
                    : new ProcessResult(2, "", "psql: error: FATAL:  password authentication failed for user");
        }
        return new ProcessResult(127, "", "unknown command");
    }
}
