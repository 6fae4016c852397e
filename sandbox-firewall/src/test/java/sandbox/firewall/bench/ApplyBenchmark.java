package sandbox.firewall.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;
import sandbox.firewall.Allowlist;
import sandbox.firewall.CompiledAllowlist;
import sandbox.firewall.Feeds;
import sandbox.firewall.Resolver;
import sandbox.firewall.Ruleset;

/**
 * Issue 3, section 7, inside a namespace it creates: on a synthetic 20,000-CIDR allowlist,
 * (a) the old way, one {@code ipset add} process per entry; (b) our apply alone; (c) a fresh
 * JVM compiling the list (plus the feed fixtures) to a folder, plus apply. Prints each and the
 * ratios, then the warm in-process compile time of the feed fixtures.
 * Run (as root): {@code mvn -q -o package -DskipTests && mvn -q -o -pl sandbox-firewall -am verify -DskipTests -Pbench}
 * (without the packaged CLI, (c) falls back to RenderMain and says so).
 */
public final class ApplyBenchmark {

    static final int V4 = 16_000, V6 = 4_000, RUNS = 3;
    /** The feed fixtures of the compiler's tests, on the test class path. */
    static final Path FIXTURES = Path.of("target", "test-classes", "sandbox", "firewall", "feeds").toAbsolutePath();

    public static void main(String[] args) throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            System.out.println("ApplyBenchmark: needs root (network namespaces, iptables, ipset); skipped");
            return;
        }
        byte[] r = new byte[3];
        new SecureRandom().nextBytes(r);
        String ns = "sbx-fw-bench-" + HexFormat.of().formatHex(r);
        Path work = Files.createTempDirectory(ns);
        Path netnsEtc = Path.of("/etc/netns", ns);
        try {
            run("ip", "netns", "add", ns);
            run("ip", "-n", ns, "link", "set", "lo", "up");
            Files.createDirectories(netnsEtc);
            Files.writeString(netnsEtc.resolve("resolv.conf"), "nameserver 192.0.2.53\n");
            bench(ns, work);
        } finally {
            run("ip", "netns", "delete", ns);
            Files.deleteIfExists(netnsEtc.resolve("resolv.conf"));
            Files.deleteIfExists(netnsEtc);
            run("rm", "-rf", work.toString());
        }
    }

    private static void bench(String ns, Path work) throws Exception {
        Path list = work.resolve("allowlist.txt");
        Files.write(list, synthetic());
        Path old = work.resolve("old-way.sh");
        Files.writeString(old, """
                set -eu
                ipset create old4 hash:net family inet maxelem 65536
                ipset create old6 hash:net family inet6 maxelem 65536
                while read -r cidr; do
                    case "$cidr" in *:*) ipset add old6 "$cidr" ;; *) ipset add old4 "$cidr" ;; esac
                done <"$1"
                ipset destroy old4
                ipset destroy old6
                """);
        Path cliList = work.resolve("allowlist-and-feeds.txt");
        Files.write(cliList, synthetic());
        Files.writeString(cliList, "@github-meta\n@aws-ip-ranges\n", java.nio.file.StandardOpenOption.APPEND);
        System.out.printf("sandbox firewall apply benchmark: %d CIDRs (%d IPv4, %d IPv6), namespace %s, %s%n",
                V4 + V6, V4, V6, ns, load());
        System.out.println("wall = elapsed; cpu = user+sys of the child processes (robust on a loaded machine)");

        Time a = Time.of(() -> run("ip", "netns", "exec", ns, "sh", old.toString(), list.toString()));
        System.out.printf("(a) old way, one ipset add per entry:          %s%n", a);

        Path folder = work.resolve("fw");
        compile(List.of(), list, cliList, folder);
        List<Time> applies = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            applies.add(Time.of(() -> apply(ns, folder)));
        }
        Time b = Time.median(applies);
        System.out.printf("(b) apply alone (median of %d):               %s%n", RUNS, b);

        List<String> c1 = List.of("-XX:TieredStopAtLevel=1");
        // The third variant is what users run: ./sandbox's jlinked runtime (when it was linked).
        List<String> linked = List.of("linked runtime");
        List<List<String>> variants = new ArrayList<>(List.of(List.<String>of(), c1));
        if (Files.isExecutable(runtimeJava())) {
            variants.add(linked);
        }
        for (List<String> jvm : variants) {
            if (!jvm.isEmpty() && !cliCompiles()) {
                break;
            }
            List<Time> wholes = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                Path out = work.resolve("fw-" + jvm.size() + "-" + i);
                wholes.add(Time.of(() -> {
                    compile(jvm, list, cliList, out);
                    apply(ns, out);
                }));
            }
            Time c = Time.median(wholes);
            String mark = jvm.isEmpty() ? "" : jvm == linked ? "''" : "'";
            System.out.printf("(c%s) %s%s + apply (median of %d): %s%n", mark, compiler(),
                    jvm.isEmpty() ? "" : " " + String.join(" ", jvm), RUNS, c);
            System.out.printf("ratios%s: (a)/(b) = %.0fx wall, %.0fx cpu (goal >= 100x)   (a)/(c%s) = %.1fx wall,"
                    + " %.1fx cpu (goal >= 8x)%n", mark, a.wall / b.wall, a.cpu / b.cpu,
                    mark, a.wall / c.wall, a.cpu / c.cpu);
        }
        feeds();
    }

    /** Elapsed seconds and the CPU seconds of the children reaped meanwhile (/proc/self/stat). */
    record Time(double wall, double cpu) {
        static Time of(Step step) throws Exception {
            double cpu0 = childCpu();
            long start = System.nanoTime();
            step.run();
            return new Time((System.nanoTime() - start) / 1e9, childCpu() - cpu0);
        }

        static Time median(List<Time> times) {
            return new Time(ApplyBenchmark.median(times.stream().map(Time::wall).toList()),
                    ApplyBenchmark.median(times.stream().map(Time::cpu).toList()));
        }

        @Override
        public String toString() {
            return String.format("%8.3f s wall  %7.3f s cpu", wall, cpu);
        }
    }

    /** cutime + cstime (fields 16 and 17), in USER_HZ ticks: 100 per second on Linux. */
    static double childCpu() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0;
    }

    static String load() throws IOException {
        return "load average " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0] + " on "
                + Runtime.getRuntime().availableProcessors() + " cpus";
    }

    /** In-process compile of the GitHub + AWS fixture feeds, warm (goal < 150 ms). */
    private static void feeds() throws Exception {
        Path hosts = Files.createTempFile("sbx-fw-bench-hosts", "");
        try {
            List<Double> times = new ArrayList<>();
            int blocks = 0;
            for (int i = 0; i < 30; i++) {
                long start = System.nanoTime();
                CompiledAllowlist compiled = Allowlist.parseText("bench", "@github-meta\n@aws-ip-ranges\n")
                        .resolve(Resolver.hostsFile(hosts)).withFeeds(Feeds.fromDirectory(FIXTURES)).compile();
                times.add((System.nanoTime() - start) / 1e6);
                blocks = compiled.v4().size() + compiled.v6().size();
            }
            List<Double> warm = times.subList(20, 30);
            System.out.printf("in-process compile of the feed fixtures (%d blocks), warm median of 10: %.1f ms"
                    + " (goal < 150 ms; first %.0f ms)%n", blocks, median(warm), times.get(0));
        } finally {
            Files.deleteIfExists(hosts);
        }
    }

    /** Disjoint, non-adjacent blocks, so merging keeps all of them. */
    static List<String> synthetic() {
        List<String> lines = new ArrayList<>(V4 + V6);
        for (int i = 0; i < V4; i++) {
            int n = i * 512; // every other /24 of 10.0.0.0/8
            lines.add("10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + ".0/24");
        }
        for (int i = 0; i < V6; i++) {
            lines.add("fd00:b:" + Integer.toHexString(2 * i) + "::/48");
        }
        return lines;
    }

    private static Path cliModules() {
        return Path.of("..", "sandbox-cli", "target", "modules").toAbsolutePath().normalize();
    }

    /** The jlinked runtime {@code ./sandbox} runs on (tools/runtime.sh). */
    private static Path runtimeJava() {
        return Path.of("..", "sandbox-cli", "target", "runtime", "bin", "java").toAbsolutePath().normalize();
    }

    private static Boolean cliCompiles;

    /** The real {@code sandbox firewall compile} when the CLI is built with it, else RenderMain. */
    private static boolean cliCompiles() {
        if (cliCompiles == null) {
            cliCompiles = Files.isDirectory(cliModules()) && exec(List.of(java(), "-p", cliModules().toString(),
                    "-m", "sandbox.cli", "firewall", "compile", "--help")) == 0;
        }
        return cliCompiles;
    }

    private static String compiler() {
        return cliCompiles() ? "fresh JVM: sandbox firewall compile (+ feed fixtures)"
                : "fresh JVM: render+write (RenderMain)";
    }

    private static void compile(List<String> jvm, Path list, Path cliList, Path out) {
        if (cliCompiles()) {
            Path empty = list.resolveSibling("hosts");
            try {
                Files.writeString(empty, "");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            List<String> cmd = new ArrayList<>();
            if (jvm.equals(List.of("linked runtime"))) {
                cmd.addAll(List.of(runtimeJava().toString(), "-m", "sandbox.cli"));
            } else {
                cmd.add(java());
                cmd.addAll(jvm);
                cmd.addAll(List.of("-p", cliModules().toString(), "-m", "sandbox.cli"));
            }
            cmd.addAll(List.of("firewall", "compile", "--no-defaults",
                    "--allowlist", cliList.toString(), "--hosts", empty.toString(), "--feeds", FIXTURES.toString(),
                    "--out", out.toString()));
            run(cmd.toArray(String[]::new));
        } else {
            run(java(), "-cp", System.getProperty("java.class.path"), RenderMain.class.getName(), list.toString(),
                    out.toString());
        }
    }

    private static void apply(String ns, Path folder) {
        run("ip", "netns", "exec", ns, "sh", folder.resolve(Ruleset.APPLY).toString(), folder.toString());
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    interface Step {
        void run() throws Exception;
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    static void run(String... command) {
        int code = exec(List.of(command));
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + code);
        }
    }

    /** Runs with the inherited environment; the output is shown only when the command fails. */
    static int exec(List<String> command) {
        CommandLine line = new CommandLine(command.get(0));
        command.subList(1, command.size()).forEach(arg -> line.addArgument(arg, false));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        DefaultExecutor executor = DefaultExecutor.builder()
                .setExecuteStreamHandler(new PumpStreamHandler(output)).get();
        executor.setExitValues(null);
        executor.setWatchdog(ExecuteWatchdog.builder().setTimeout(Duration.ofMinutes(5)).get());
        try {
            int code = executor.execute(line);
            if (code != 0) {
                System.err.print(output.toString(StandardCharsets.UTF_8));
            }
            return code;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        }
    }
}
