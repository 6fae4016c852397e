package sandbox.secrets.internal.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;

/** The {@code git} executable, run with an argument list (never a shell string) in a directory. */
public final class Git {

    /** How a git command ended; {@code missing} when there is no git to run. */
    public record Result(int exitCode, String stdout, String stderr, boolean missing) {
        public String firstErrorLine() {
            String s = stderr.strip();
            int nl = s.indexOf('\n');
            return nl < 0 ? s : s.substring(0, nl);
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String executable;

    public Git(String executable) {
        this.executable = executable;
    }

    public static Git system() {
        return new Git("git");
    }

    public Result run(Path workingDirectory, List<String> args) {
        return run(workingDirectory, args, new byte[0]);
    }

    /** With {@code stdin} fed to git (for {@code --stdin} commands). */
    public Result run(Path workingDirectory, List<String> args, byte[] stdin) {
        CommandLine cmd = new CommandLine(executable);
        args.forEach(a -> cmd.addArgument(a, false));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DefaultExecutor executor = DefaultExecutor.builder().setWorkingDirectory(workingDirectory).get();
        executor.setStreamHandler(new PumpStreamHandler(out, err, new java.io.ByteArrayInputStream(stdin)));
        executor.setWatchdog(ExecuteWatchdog.builder().setTimeout(TIMEOUT).get());
        executor.setExitValues(null);
        Map<String, String> env = new HashMap<>(System.getenv());
        // Stable English messages to match on; never a pager or a prompt.
        env.put("LC_ALL", "C");
        env.put("GIT_PAGER", "cat");
        env.put("GIT_TERMINAL_PROMPT", "0");
        try {
            int code = executor.execute(cmd, env);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), false);
        } catch (IOException e) {
            // commons-exec reports a missing executable as an IOException from ProcessBuilder.
            return new Result(-1, "", String.valueOf(e.getMessage()), true);
        }
    }
}
