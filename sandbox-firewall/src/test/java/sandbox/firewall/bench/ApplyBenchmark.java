package sandbox.firewall.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;
import sandbox.firewall.Ruleset;

/**
 * Issue 3, section 7, inside a namespace it creates: on a synthetic 20,000-CIDR allowlist,
 * (a) the old way, one {@code ipset add} process per entry; (b) our apply alone; (c) a fresh
 * JVM compiling the list to a folder, plus apply. Prints each and the ratios.
 * Run (as root): {@code mvn -q -o -pl sandbox-firewall -am verify -DskipTests -Pbench}
 */
public final class ApplyBenchmark {

    static final int V4 = 16_000, V6 = 4_000, RUNS = 5;

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
        System.out.printf("sandbox firewall apply benchmark: %d CIDRs (%d IPv4, %d IPv6), namespace %s%n",
                V4 + V6, V4, V6, ns);

        double a = seconds(() -> run("ip", "netns", "exec", ns, "sh", old.toString(), list.toString()));
        System.out.printf("(a) old way, one ipset add per entry:     %8.3f s%n", a);

        Path folder = work.resolve("fw");
        compile(list, folder);
        List<Double> applies = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            applies.add(seconds(() -> apply(ns, folder)));
        }
        double b = median(applies);
        System.out.printf("(b) apply alone (median of %d):          %8.3f s   %s%n", RUNS, b, format(applies));

        List<Double> wholes = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            Path out = work.resolve("fw-" + i);
            wholes.add(seconds(() -> {
                compile(list, out);
                apply(ns, out);
            }));
        }
        double c = median(wholes);
        System.out.printf("(c) %s + apply (median of %d): %8.3f s   %s%n", compiler(), RUNS, c, format(wholes));
        System.out.printf("ratios: (a)/(b) = %.0fx (goal >= 100x)   (a)/(c) = %.1fx (goal >= 8x)%n", a / b, a / c);
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
        return cliCompiles() ? "fresh JVM: sandbox firewall compile" : "fresh JVM: render+write (RenderMain)";
    }

    private static void compile(Path list, Path out) {
        if (cliCompiles()) {
            Path empty = list.resolveSibling("hosts");
            try {
                Files.writeString(empty, "");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            run(java(), "-p", cliModules().toString(), "-m", "sandbox.cli", "firewall", "compile", "--no-defaults",
                    "--allowlist", list.toString(), "--hosts", empty.toString(), "--feeds", list.getParent().toString(),
                    "--out", out.toString());
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

    static double seconds(Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        return (System.nanoTime() - start) / 1e9;
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    static String format(List<Double> values) {
        return Arrays.toString(values.stream().map(v -> String.format("%.3f", v)).toArray());
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
