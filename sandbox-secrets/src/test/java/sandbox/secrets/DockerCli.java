package sandbox.secrets;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;
import sandbox.api.ContainerRuntime;
import sandbox.api.SandboxException;

/**
 * A minimal docker-CLI {@link ContainerRuntime} for container tests (the product's adapter
 * lives in the CLI module, which this module must not depend on): argument lists,
 * {@code exec -i} with the bytes on stdin.
 */
final class DockerCli implements ContainerRuntime {

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public boolean isRunning(String container) throws SandboxException {
        ProcessResult r = docker(List.of("inspect", "--format", "{{.State.Running}}", container), new byte[0]);
        return r.ok() && r.stdout().strip().equals("true");
    }

    @Override
    public ProcessResult exec(String container, List<String> command, byte[] stdin) throws SandboxException {
        List<String> a = new ArrayList<>(List.of("exec", "-i", container));
        a.addAll(command);
        return docker(a, stdin);
    }

    static boolean available() {
        try {
            return docker(List.of("version", "--format", "{{.Server.Version}}"), new byte[0]).ok();
        } catch (SandboxException e) {
            return false;
        }
    }

    static ProcessResult docker(List<String> args, byte[] stdin) throws SandboxException {
        CommandLine cmd = new CommandLine("docker");
        args.forEach(x -> cmd.addArgument(x, false));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DefaultExecutor ex = DefaultExecutor.builder().get();
        ex.setStreamHandler(new PumpStreamHandler(out, err, new ByteArrayInputStream(stdin)));
        ex.setWatchdog(ExecuteWatchdog.builder().setTimeout(Duration.ofSeconds(120)).get());
        ex.setExitValues(null);
        try {
            int code = ex.execute(cmd);
            return new ProcessResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SandboxException("cannot run docker: " + e.getMessage(), e);
        }
    }
}
