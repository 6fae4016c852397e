package sandbox.cli.runtime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;
import sandbox.api.ContainerRuntime.ProcessResult;

/** {@link Processes} on commons-exec; the interactive case on {@link ProcessBuilder}. */
public final class ExecProcesses implements Processes {

    private final Map<String, String> environment;

    /** @param environment the caller's environment, for PATH lookups */
    public ExecProcesses(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public ProcessResult run(List<String> command, byte[] stdin, Duration timeout) throws IOException {
        CommandLine line = new CommandLine(command.get(0));
        // handleQuoting=false: each element is one argument, passed verbatim.
        command.subList(1, command.size()).forEach(a -> line.addArgument(a, false));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DefaultExecutor executor = DefaultExecutor.builder().get();
        executor.setStreamHandler(new PumpStreamHandler(out, err, new ByteArrayInputStream(stdin)));
        executor.setWatchdog(ExecuteWatchdog.builder().setTimeout(timeout).get());
        executor.setExitValues(null);
        int code;
        try {
            code = executor.execute(line);
        } catch (ExecuteException e) {
            code = e.getExitValue();
        }
        if (executor.getWatchdog().killedProcess()) {
            err.write(("(killed after " + timeout.toSeconds() + " s)").getBytes(StandardCharsets.UTF_8));
            code = code == 0 ? 124 : code;
        }
        return new ProcessResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Override
    public int attached(List<String> command) throws IOException {
        // commons-exec pumps streams through pipes, so the child would never see a terminal
        // (no `docker exec -t`, no job control in the shell); inheritIO hands it ours.
        Process p = new ProcessBuilder(command).inheritIO().start();
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    @Override
    public boolean installed(String program) {
        String path = environment.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
