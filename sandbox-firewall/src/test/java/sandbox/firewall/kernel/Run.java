package sandbox.firewall.kernel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecuteResultHandler;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;
import org.apache.commons.exec.environment.EnvironmentUtils;

/** Processes for the kernel tests, through commons-exec with argument lists. */
final class Run {

    record Result(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    /** A started child: kill it when done. */
    record Child(ExecuteWatchdog watchdog, DefaultExecuteResultHandler handler, ByteArrayOutputStream out)
            implements AutoCloseable {
        String output() {
            return out.toString(StandardCharsets.UTF_8);
        }

        int waitFor(Duration timeout) throws InterruptedException {
            handler.waitFor(timeout);
            if (!handler.hasResult()) {
                throw new IllegalStateException("child still running after " + timeout + ": " + output());
            }
            return handler.getExitValue();
        }

        @Override
        public void close() {
            watchdog.destroyProcess();
            try {
                handler.waitFor(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Run() {}

    static Result run(List<String> command) {
        return run(command, Map.of(), Duration.ofSeconds(60));
    }

    static Result run(List<String> command, Map<String, String> env, Duration timeout) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DefaultExecutor executor = DefaultExecutor.builder()
                .setExecuteStreamHandler(new PumpStreamHandler(out, err)).get();
        executor.setExitValues(null);
        executor.setWatchdog(ExecuteWatchdog.builder().setTimeout(timeout).get());
        try {
            int code = executor.execute(line(command), environment(env));
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        }
    }

    /** Runs and fails loudly on a non-zero exit: for set-up steps. */
    static String check(String... command) {
        Result r = run(List.of(command));
        if (r.code() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " -> " + r.code() + ": " + r.all());
        }
        return r.out();
    }

    static Child start(List<String> command, Map<String, String> env) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExecuteWatchdog watchdog = ExecuteWatchdog.builder().setTimeout(ExecuteWatchdog.INFINITE_TIMEOUT_DURATION).get();
        DefaultExecutor executor = DefaultExecutor.builder()
                .setExecuteStreamHandler(new PumpStreamHandler(out, out)).get();
        executor.setExitValues(null);
        executor.setWatchdog(watchdog);
        DefaultExecuteResultHandler handler = new DefaultExecuteResultHandler();
        try {
            executor.execute(line(command), environment(env), handler);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        return new Child(watchdog, handler, out);
    }

    private static CommandLine line(List<String> command) {
        CommandLine line = new CommandLine(command.get(0));
        for (String arg : command.subList(1, command.size())) {
            line.addArgument(arg, false);
        }
        return line;
    }

    private static Map<String, String> environment(Map<String, String> extra) throws IOException {
        Map<String, String> env = new HashMap<>(EnvironmentUtils.getProcEnvironment());
        env.putAll(extra);
        return env;
    }
}
