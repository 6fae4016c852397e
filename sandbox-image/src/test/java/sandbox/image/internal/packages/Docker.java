package sandbox.image.internal.packages;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;

/** Runs the docker CLI for container tests (argument lists, never a shell string). */
final class Docker {

    record Result(int exitCode, String output) { }

    private Docker() { }

    static boolean available() {
        try {
            return run(List.of("docker", "version", "--format", "{{.Server.Version}}")).exitCode() == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static Result run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandLine cl = new CommandLine(args.get(0));
        args.subList(1, args.size()).forEach(a -> cl.addArgument(a, false));
        DefaultExecutor exec = DefaultExecutor.builder().get();
        exec.setStreamHandler(new PumpStreamHandler(out));
        exec.setWatchdog(ExecuteWatchdog.builder().setTimeout(Duration.ofMinutes(5)).get());
        try {
            int rc = exec.execute(cl);
            return new Result(rc, out.toString(StandardCharsets.UTF_8));
        } catch (ExecuteException e) {
            return new Result(e.getExitValue(), out.toString(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot run " + args.get(0) + ": " + e.getMessage(), e);
        }
    }
}
