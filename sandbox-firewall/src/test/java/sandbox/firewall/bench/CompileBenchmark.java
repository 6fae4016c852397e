package sandbox.firewall.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import sandbox.firewall.Allowlist;
import sandbox.firewall.CompiledAllowlist;
import sandbox.firewall.Feeds;
import sandbox.firewall.Resolver;

/**
 * Issue 3, section 7, the in-process part: compile time of the AWS + GitHub feeds (generated
 * by {@link FixtureFeeds}: ~8,000 + ~5,000 entries) in a warm JVM. Goal: under 150 ms.
 * Each iteration does the whole compile — read and parse both JSON documents with Jackson,
 * select, apply the policy, merge with IPAddress into minimal prefix blocks — plus the
 * manifest. No network: the feeds come from a folder, names from an empty hosts file.
 *
 * <p>Run: see README, "Firewall".
 */
public final class CompileBenchmark {

    private static final int WARMUP = 30;
    private static final int RUNS = 30;
    private static final double GOAL_MS = 150;
    /** CPU time too: on a loaded machine (shared CI, other builds) wall time mostly measures waiting. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private CompileBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("sbx-fw-compile-bench");
        try {
            FixtureFeeds.write(dir);
            Path hosts = Files.writeString(dir.resolve("hosts"), "# no names: feeds only\n");
            Allowlist all = Allowlist.parseText("bench.txt", "@github-meta hooks web api git github_enterprise_importer packages"
                            + " pages importer actions actions_macos codespaces copilot dependabot\n@aws-ip-ranges\n")
                    .resolve(Resolver.hostsFile(hosts)).withFeeds(Feeds.fromDirectory(dir));
            Allowlist usual = Allowlist.parseText("bench.txt", "@github-meta\n@aws-ip-ranges us-east-1 eu-west-1\n")
                    .resolve(Resolver.hostsFile(hosts)).withFeeds(Feeds.fromDirectory(dir));
            System.out.printf("sandbox firewall compile benchmark: %d AWS + %d GitHub fixture entries, %d warm-up + %d runs, JDK %s,"
                            + " %d CPUs, load %.1f%n", FixtureFeeds.AWS_V4 + FixtureFeeds.AWS_V6, FixtureFeeds.GITHUB, WARMUP, RUNS,
                    Runtime.version(), Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            measure("every key and region", all);
            measure("@github-meta + 2 regions", usual);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    private static void measure(String label, Allowlist allowlist) throws Exception {
        CompiledAllowlist last = null;
        for (int i = 0; i < WARMUP; i++) {
            last = allowlist.compile();
            last.manifest();
        }
        List<Double> wall = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        long process = PROCESS.getProcessCpuTime();
        for (int i = 0; i < RUNS; i++) {
            long c = CPU.getCurrentThreadCpuTime();
            long t = System.nanoTime();
            last = allowlist.compile();
            last.manifest();
            wall.add((System.nanoTime() - t) / 1e6);
            cpu.add((CPU.getCurrentThreadCpuTime() - c) / 1e6);
        }
        double processPerRun = (PROCESS.getProcessCpuTime() - process) / 1e6 / RUNS;
        Collections.sort(wall);
        Collections.sort(cpu);
        double median = wall.get(wall.size() / 2);
        double cpuMedian = cpu.get(cpu.size() / 2);
        System.out.printf("  %-26s %6d contributions -> %5d IPv4 + %4d IPv6 blocks%n", label, last.contributions().size(),
                last.v4().size(), last.v6().size());
        System.out.printf("    wall median %6.1f ms (min %6.1f, max %6.1f); CPU median %6.1f ms (thread), %6.1f ms (process, GC"
                        + " included); goal < %.0f ms: wall %.1fx %s, process CPU %.1fx %s%n",
                median, wall.get(0), wall.get(wall.size() - 1), cpuMedian, processPerRun, GOAL_MS, GOAL_MS / median,
                median < GOAL_MS ? "met" : "MISSED", GOAL_MS / processPerRun, processPerRun < GOAL_MS ? "met" : "MISSED");
    }
}
