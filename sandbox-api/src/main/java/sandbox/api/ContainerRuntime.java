package sandbox.api;

import java.util.List;

/**
 * The container engine (docker or podman CLI), implemented by the CLI module. Providers
 * use it through {@link Services} — e.g. secret rotation changes the database role's
 * password inside the running sidecar. Secrets travel on stdin, never as arguments.
 */
public interface ContainerRuntime {

    /** {@code docker} or {@code podman}. */
    String name();

    boolean isRunning(String container) throws SandboxException;

    /**
     * Runs {@code command} inside {@code container} (as its default user), feeding
     * {@code stdin}. Never throws for a non-zero exit; the caller reads the result.
     */
    ProcessResult exec(String container, List<String> command, byte[] stdin) throws SandboxException;

    /** What a finished process said. */
    record ProcessResult(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }
}
