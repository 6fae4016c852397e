package sandbox.cli.up;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Benchmark (a program, not a test): {@code sandbox up} on an already-built image, from the
 * command's start to "firewall enforced and verified", as a user runs it (packaged layout,
 * new JVM). Traffic goes only to two peer containers on a network this program creates.
 *
 * <pre>
 * ./mvnw -q -pl sandbox-cli -am package -DskipTests
 * java -cp "sandbox-cli/target/test-classes:sandbox-cli/target/modules/*" sandbox.cli.up.UpBenchmark [RUNS]
 * </pre>
 */
public final class UpBenchmark {

    private UpBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path base = Path.of(System.getenv().getOrDefault("SANDBOX_TEST_TOOLS_TAR", "/var/cache/sandbox-test/bookworm-tools.tar"));
        System.setProperty("sandbox.modules",
                Path.of(System.getProperty("sandbox.modules", "sandbox-cli/target/modules")).toAbsolutePath().toString());
        Harness h = new Harness();
        String id = "sbx-up-bench-" + Integer.toHexString(new Random().nextInt(0x10000));
        Names names = new Names(id);
        String peers = id + "-zpeers";
        Path project = Files.createTempDirectory("sbx-up-bench");
        try {
            check(h.docker("network", "create", peers));
            for (String peer : List.of(id + "-allowed", id + "-blocked")) {
                check(h.docker("run", "-d", "--name", peer, "--network", peers, "sandbox-test/bookworm:base", "nc", "-lk", "8080"));
            }
            String allowed = h.docker("inspect", "--format", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
                    id + "-allowed").out().strip();
            String blocked = h.docker("inspect", "--format", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
                    id + "-blocked").out().strip();
            Files.createDirectories(project.resolve("config"));
            Files.writeString(project.resolve("config/allowlist.txt"), "allowed-peer.test\n");
            Files.writeString(project.resolve("config/sandbox.properties"), "");
            Path hosts = Files.writeString(project.resolve("hosts"), allowed + " allowed-peer.test\n");
            h.environment.put("SANDBOX_PROJECT", project.toString());
            h.environment.put("SANDBOX_CONTAINER_PREFIX", id);
            h.environment.put("SANDBOX_IMAGE_NAME", id + ":latest");
            List<String> up = List.of("up", "--base", "tar://" + base, "--hosts", hosts.toString(), "--network", peers,
                    "--probe-allowed", allowed + ":8080", "--probe-blocked", blocked + ":8080");

            System.out.println("warm-up: building the image once ...");
            double build = timeToVerified(h, project, up);
            System.out.printf("  first up (image build included): %.2f s%n", build);

            double[] fresh = new double[runs];
            double[] again = new double[runs];
            for (int i = 0; i < runs; i++) {
                check(h.sandbox(project, "down"));
                fresh[i] = timeToVerified(h, project, up);
                again[i] = timeToVerified(h, project, up);
            }
            System.out.printf("up, image built, containers created : median %.2f s  (runs %s)%n", median(fresh), show(fresh));
            System.out.printf("up, nothing changed (verify only)   : median %.2f s  (runs %s)%n", median(again), show(again));
            System.out.printf("goal < 3 s: %s (%.2fx of the goal)%n", median(fresh) < 3 ? "met" : "NOT met", median(fresh) / 3);
        } finally {
            h.docker("rm", "-f", names.agent(), names.firewall(), id + "-allowed", id + "-blocked");
            h.docker("network", "rm", names.network(), peers);
            h.docker("volume", "rm", names.workspaceVolume(), names.configVolume(), names.historyVolume());
            h.docker("image", "rm", id + ":latest");
        }
    }

    /** Seconds from starting the JVM to the progress line "firewall enforced and verified". */
    private static double timeToVerified(Harness h, Path project, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-p", Harness.modules().toString(), "-m", "sandbox.cli"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(project.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(h.environment);
        long start = System.nanoTime();
        Process p = pb.start();
        double seconds = -1;
        StringBuilder err = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                err.append(line).append('\n');
                if (seconds < 0 && line.contains("firewall enforced and verified")) {
                    seconds = (System.nanoTime() - start) / 1e9;
                }
            }
        }
        if (p.waitFor() != 0 || seconds < 0) {
            throw new IllegalStateException("up failed (exit " + p.exitValue() + "):\n" + err);
        }
        return seconds;
    }

    private static void check(Harness.Result r) {
        if (r.code() != 0) {
            throw new IllegalStateException(r.err());
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static String show(double[] v) {
        StringBuilder b = new StringBuilder();
        for (double d : v) {
            b.append(b.length() == 0 ? "" : ", ").append(String.format("%.2f", d));
        }
        return b.toString();
    }
}
