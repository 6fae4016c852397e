import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Cold-start benchmark of the CLI: {@code java tools/StartupBench.java [RUNS]} from the repository
 * root, after {@code ./sandbox --version} (which builds the module path and the runtime).
 *
 * <p>Every variant runs {@code --help} and {@code --version} as a fresh process. The machine is
 * shared and noisy, so the variants are interleaved: each round runs every (variant, command)
 * pair once in a shuffled order, and the figures are medians over the rounds, printed side by side
 * with the ratio to the plain module path. The first round only warms the page cache. Each run's
 * stdout must equal the plain module path's output, so a fast but broken runtime cannot win.
 */
public final class StartupBench {

    private record Variant(String label, List<String> command) {
    }

    private record Key(Variant variant, String argument) {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 21;
        Path root = Path.of("").toAbsolutePath();
        Path modules = root.resolve("sandbox-cli/target/modules");
        Path runtime = root.resolve("sandbox-cli/target/runtime");
        if (!Files.isDirectory(modules)) {
            throw new IllegalStateException(modules + " is missing: run ./sandbox --version first");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Path temp = Files.createTempDirectory("sandbox-startup-bench");
        try {
            List<Variant> variants = variants(root, modules, runtime, java, temp);
            List<String> arguments = List.of("--help", "--version");
            Map<String, String> expected = new LinkedHashMap<>();
            for (String argument : arguments) {
                expected.put(argument, run(variants.get(0).command(), argument).stdout());
            }
            Map<Key, List<Long>> times = new LinkedHashMap<>();
            List<Key> keys = new ArrayList<>();
            for (Variant v : variants) {
                for (String a : arguments) {
                    Key k = new Key(v, a);
                    keys.add(k);
                    times.put(k, new ArrayList<>());
                }
            }
            Random random = new Random(42);
            for (int round = 0; round <= runs; round++) {
                Collections.shuffle(keys, random);
                for (Key k : keys) {
                    Result r = run(k.variant().command(), k.argument());
                    if (r.exitCode() != 0 || !r.stdout().equals(expected.get(k.argument()))) {
                        throw new IllegalStateException(k.variant().label() + " " + k.argument()
                                + ": exit " + r.exitCode() + ", output differs from the module path's");
                    }
                    if (round > 0) {
                        times.get(k).add(r.nanos());
                    }
                }
            }
            print(variants, arguments, times, runs);
        } finally {
            try (Stream<Path> files = Files.walk(temp)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static List<Variant> variants(Path root, Path modules, Path runtime, String java, Path temp)
            throws IOException, InterruptedException {
        List<Variant> variants = new ArrayList<>();
        List<String> modulePath = List.of(java, "-p", modules.toString(), "-m", "sandbox.cli");
        variants.add(new Variant("module path", modulePath));
        // A dynamic AppCDS archive on top of the JDK's default archive, made by a training run.
        Path archive = temp.resolve("modules.jsa");
        List<String> training = new ArrayList<>(List.of(java, "-XX:ArchiveClassesAtExit=" + archive,
                "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        training.addAll(modulePath.subList(1, modulePath.size()));
        run(training, "--help");
        List<String> appCds = new ArrayList<>(List.of(java, "-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off"));
        appCds.addAll(modulePath.subList(1, modulePath.size()));
        variants.add(new Variant("module path + AppCDS", appCds));
        Path runtimeJava = runtime.resolve("bin/java");
        if (Files.isExecutable(runtimeJava)) {
            variants.add(new Variant("jlink runtime + CDS", List.of(runtimeJava.toString(), "-m", "sandbox.cli")));
            variants.add(new Variant("jlink + CDS, C1 + SerialGC", List.of(runtimeJava.toString(),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-m", "sandbox.cli")));
        } else {
            System.out.println("(no runtime at " + runtime + ": run tools/runtime.sh for the jlink variants)");
        }
        variants.add(new Variant("./sandbox (end to end)", List.of(root.resolve("sandbox").toString())));
        return variants;
    }

    private record Result(int exitCode, String stdout, long nanos) {
    }

    private static Result run(List<String> command, String argument) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(command);
        full.add(argument);
        ProcessBuilder builder = new ProcessBuilder(full).redirectError(ProcessBuilder.Redirect.DISCARD);
        long start = System.nanoTime();
        Process process = builder.start();
        String stdout;
        try (InputStream in = process.getInputStream()) {
            stdout = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int code = process.waitFor();
        return new Result(code, stdout, System.nanoTime() - start);
    }

    private static void print(List<Variant> variants, List<String> arguments, Map<Key, List<Long>> times, int runs) {
        System.out.printf("cold starts, %d interleaved runs each, %d cores, load average %s%n", runs,
                Runtime.getRuntime().availableProcessors(), loadAverage());
        System.out.printf("%-28s", "variant");
        for (String a : arguments) {
            System.out.printf("  %11s %7s %7s", a + " ms", "min", "ratio");
        }
        System.out.println();
        Map<String, Double> baseline = new LinkedHashMap<>();
        for (Variant v : variants) {
            System.out.printf("%-28s", v.label());
            for (String a : arguments) {
                List<Long> t = new ArrayList<>(times.get(new Key(v, a)));
                Collections.sort(t);
                double median = median(t) / 1e6;
                baseline.putIfAbsent(a, median);
                System.out.printf("  %11.0f %7.0f %6.2fx", median, t.get(0) / 1e6, baseline.get(a) / median);
            }
            System.out.println();
        }
        System.out.println("ratio = module path median / variant median (higher is faster)");
    }

    private static double median(List<Long> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
