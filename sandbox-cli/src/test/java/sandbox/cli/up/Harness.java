package sandbox.cli.up;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The container tests' hands: the packaged CLI launched as the README does, and the runtime's
 * CLI ({@code docker} or {@code podman}), both as argument lists. Every output is kept so a
 * test can scan all of it for secrets.
 */
final class Harness {

    record Result(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    final List<String> transcript = new ArrayList<>();
    final Map<String, String> environment = new HashMap<>();
    final String runtime;

    Harness() {
        this("docker");
    }

    /** @param runtime the executable {@link #docker} runs: {@code docker} or {@code podman} */
    Harness(String runtime) {
        this.runtime = runtime;
    }

    static Path modules() {
        return Path.of(System.getProperty("sandbox.modules", "target/modules"));
    }

    Result sandbox(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-p", modules().toString(), "-m", "sandbox.cli"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().putAll(environment);
        return run(pb, 600);
    }

    Result docker(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(runtime));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        // DOCKER_HOST, when a test runs its own daemon.
        pb.environment().putAll(environment);
        return run(pb, 120);
    }

    /** Another program (the devcontainer CLI), in {@code dir}, with the harness's environment. */
    Result command(Path dir, int seconds, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(args).directory(dir.toFile());
        pb.environment().putAll(environment);
        return run(pb, seconds);
    }

    /** {@code rm -f}: Docker kills at once; Podman waits 10 s for the stop signal unless told {@code -t 0}. */
    Result remove(String container) throws IOException, InterruptedException {
        return runtime.equals("podman") ? docker("rm", "-f", "-t", "0", container) : docker("rm", "-f", container);
    }

    private Result run(ProcessBuilder pb, int seconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("sbx-up-it", ".out");
        Path err = Files.createTempFile("sbx-up-it", ".err");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            p.getOutputStream().close();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(pb.command() + " did not finish in " + seconds + " s");
            }
            Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            transcript.add(r.all());
            return r;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    boolean dockerAnswers() {
        try {
            return docker("version", "--format", "{{.Server.Version}}").code() == 0;
        } catch (IOException | InterruptedException | IllegalStateException e) {
            return false;
        }
    }
}
