package sandbox.cli.runtime;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import sandbox.api.ContainerRuntime.ProcessResult;

/**
 * How the runtime adapter starts processes: always an argument list, never a shell string.
 * A seam, so unit tests see the exact argument lists without a daemon.
 */
public interface Processes {

    /**
     * Runs {@code command} to completion, feeding {@code stdin}, capturing both streams.
     * A non-zero exit is a result, not an exception.
     *
     * @throws IOException when the program cannot be started (e.g. not installed)
     */
    ProcessResult run(List<String> command, byte[] stdin, Duration timeout) throws IOException;

    /**
     * Runs {@code command} attached to this process's own terminal (stdin, stdout, stderr),
     * for interactive shells and {@code logs -f}. Returns the exit code.
     */
    int attached(List<String> command) throws IOException;

    /** Whether {@code program} is an executable on the PATH. */
    boolean installed(String program);
}
