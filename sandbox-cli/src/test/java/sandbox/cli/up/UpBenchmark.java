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

    private static List<String> timeline = new ArrayList<>();
    private static List<String> lastTimeline = new ArrayList<>();
    private static List<String> againTimeline = new ArrayList<>();

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
            List<String> up = List.of("-v", "up", "--base", "tar://" + base, "--hosts", hosts.toString(), "--network", peers,
                    "--probe-allowed", allowed + ":8080", "--probe-blocked", blocked + ":8080");

            System.out.println("launcher: " + String.join(" ", launcher()));
            System.out.println("warm-up: building the image once ...");
            double build = timeToVerified(h, project, up);
            System.out.printf("  first up (image build included): %.2f s%n", build);

            String imageId = h.docker("image", "inspect", "--format", "{{.Id}}", id + ":latest").out().strip();
            double[] fresh = new double[runs];
            double[] again = new double[runs];
            double[] raw = new double[runs];
            double[] rawCheck = new double[runs];
            for (int i = 0; i < runs; i++) {
                check(h.sandbox(project, "down"));
                fresh[i] = timeToVerified(h, project, up);
                lastTimeline = new ArrayList<>(timeline);
                again[i] = timeToVerified(h, project, up);
                againTimeline = new ArrayList<>(timeline);
                rawCheck[i] = bareDockerCheck(h, names, blocked);
                raw[i] = bareDocker(h, project, imageId, id + "-raw", blocked);
            }
            double load = Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
            System.out.printf("up, nothing changed (verify only)      : median %.2f s  (runs %s)%n", median(again), show(again));
            System.out.printf("bare docker CLI, look + probe only     : median %.2f s  (runs %s)%n", median(rawCheck),
                    show(rawCheck));
            System.out.printf("up, image built, containers created    : median %.2f s  (runs %s)%n", median(fresh), show(fresh));
            System.out.printf("bare docker CLI, same two containers   : median %.2f s  (runs %s)%n", median(raw), show(raw));
            System.out.printf("up / bare docker: %.2fx unchanged, %.2fx created (what the JVM, secret, compile and"
                    + " checks add)%n", median(again) / median(rawCheck), median(fresh) / median(raw));
            System.out.println("timeline of the last 'nothing changed' run (-v):");
            againTimeline.forEach(l -> System.out.println("  " + l));
            System.out.println("timeline of the last 'containers created' run (-v):");
            lastTimeline.forEach(l -> System.out.println("  " + l));
            // The issue's goal: up on an already-built image with the sandbox running (verify only).
            System.out.printf("goal < 3 s (already-built image, nothing changed): %s (%.2fx of the goal);"
                    + " containers created: %.2fx of it; load average while measuring: %.2f%n",
                    median(again) < 3 ? "met" : "NOT met", median(again) / 3, median(fresh) / 3, load);
        } finally {
            h.docker("rm", "-f", names.agent(), names.firewall(), id + "-allowed", id + "-blocked");
            h.docker("network", "rm", names.network(), peers);
            h.docker("volume", "rm", names.workspaceVolume(), names.configVolume(), names.historyVolume());
            h.docker("image", "rm", id + ":latest");
            try (var walk = Files.walk(project)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * The floor under up, measured in the same run: the same firewall and agent containers
     * (same run arguments) started with the docker CLI, the state file awaited, one blocked
     * probe. Everything up adds on top is the JVM, secret, compile, image check and checks.
     */
    private static double bareDocker(Harness h, Path project, String imageId, String prefix, String blocked)
            throws Exception {
        Names n = new Names(prefix);
        UpOptions o = UpOptions.resolve(sandbox.api.Settings.empty().with("container.prefix", prefix),
                new sandbox.api.Project(project));
        Containers c = new Containers(o, new sandbox.api.Project(project), imageId, "bench");
        check(h.docker("network", "create", n.network()));
        try {
            long start = System.nanoTime();
            check(h.docker(c.firewall().arguments().toArray(String[]::new)));
            while (h.docker("exec", n.firewall(), "cat", FirewallState.PATH).code() != 0) {
                Thread.sleep(50);
            }
            check(h.docker(c.agent().arguments().toArray(String[]::new)));
            h.docker("exec", n.agent(), "nc", "-z", "-w", "3", blocked, "8080");
            return (System.nanoTime() - start) / 1e9;
        } finally {
            h.docker("rm", "-f", n.agent(), n.firewall());
            h.docker("network", "rm", n.network());
            h.docker("volume", "rm", n.workspaceVolume(), n.configVolume(), n.historyVolume());
        }
    }

    /**
     * The floor under an unchanged up: what it must ask the runtime, with the docker CLI
     * alone: both containers inspected, the firewall's state read, one blocked probe.
     */
    private static double bareDockerCheck(Harness h, Names n, String blocked) throws Exception {
        long start = System.nanoTime();
        check(h.docker("container", "inspect", "--format", "{{.State.Running}}", n.firewall(), n.agent()));
        check(h.docker("exec", n.firewall(), "cat", FirewallState.PATH));
        h.docker("exec", n.agent(), "nc", "-z", "-w", "3", blocked, "8080");
        return (System.nanoTime() - start) / 1e9;
    }

    /** Seconds from starting the JVM to the progress line "firewall enforced and verified". */
    private static double timeToVerified(Harness h, Path project, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(launcher());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(project.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(h.environment);
        long start = System.nanoTime();
        Process p = pb.start();
        double seconds = -1;
        StringBuilder err = new StringBuilder();
        timeline = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                err.append(line).append('\n');
                if (line.startsWith("[") && line.contains("s] ")) {
                    timeline.add(line);
                }
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

    /** What a user types: the ./sandbox launcher (its fast runtime) when run from the checkout, else java -p. */
    static List<String> launcher() {
        Path script = Path.of("sandbox").toAbsolutePath();
        if (Files.isExecutable(script) && !Boolean.getBoolean("bench.modulePath")) {
            return List.of(script.toString());
        }
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-p",
                Harness.modules().toString(), "-m", "sandbox.cli");
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
