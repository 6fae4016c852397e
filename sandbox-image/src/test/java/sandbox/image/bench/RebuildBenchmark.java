package sandbox.image.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import sandbox.api.Project;
import sandbox.api.Settings;
import sandbox.image.ImageBuilder;
import sandbox.image.ImagePlan;
import sandbox.image.ImageTarget;
import sandbox.image.Processes;
import sandbox.image.internal.LayerFile;
import sandbox.image.internal.SandboxLayer;

/**
 * Rebuild after a one-line change in a config file: sandbox (Jib, warm cache) into the local
 * daemon, a tar and a local registry, against {@code docker build} of the equivalent Dockerfile
 * (same base image, COPY of the same files), alternating in one run. Prints each round, the
 * medians and the ratios.
 *
 * <p>Run: {@code mvn -q -o -pl sandbox-image -am -DskipTests -Pbench verify}
 * (needs a Docker daemon and the tools test base: .ci/test-base-image.sh with FLAVOR=tools).
 */
public final class RebuildBenchmark {

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path baseTar = Processes.toolsBaseTar();
        String baseImage = "sandbox-test/bookworm:tools";
        if (!Processes.dockerAvailable() || !Files.isRegularFile(baseTar)
                || !Processes.docker("image", "inspect", baseImage).ok()) {
            System.out.println("benchmark needs a Docker daemon, " + baseTar + " and " + baseImage);
            return;
        }
        Path work = Files.createTempDirectory("sbx-img-bench");
        String name = Processes.randomName();
        String jibImage = name + "-jib:bench";
        String dockerImage = name + "-docker:bench";
        try {
            Project project = new Project(work.resolve("project"));
            Path seed = Files.createDirectories(project.configDir().resolve("seed"));
            Files.writeString(seed.resolve("CLAUDE.md"), "# Sandbox\n\nBe careful.\n");
            Files.writeString(seed.resolve("settings.json"), "{\"theme\": \"dark\"}\n");
            Settings settings = Settings.resolve(Map.of("image.base", "docker://" + baseImage), Map.of());
            Path context = Files.createDirectories(work.resolve("context"));
            Map<String, List<Long>> times = new java.util.LinkedHashMap<>();
            try (Processes.LocalRegistry registry = Processes.startRegistry(work.resolve("registry"))) {
                Map<String, ImageBuilder> targets = new java.util.LinkedHashMap<>();
                targets.put("sandbox --to docker", ImageBuilder.to(ImageTarget.parse("docker:" + jibImage)));
                targets.put("sandbox --to tar", ImageBuilder.to(ImageTarget.parse("tar:" + work.resolve("out.tar"))));
                targets.put("sandbox --to registry", ImageBuilder.to(ImageTarget.parse("registry:" + registry.address()
                        + "/" + name + ":bench")).allowInsecureRegistries(true));
                for (int round = 0; round <= rounds; round++) {
                    // The one-line change, in the config file every build copies.
                    Files.writeString(seed.resolve("CLAUDE.md"), "# Sandbox\n\nBe careful.\nround " + round + "\n");
                    ImagePlan plan = ImagePlan.from(project, settings).withApplyScript("#!/bin/sh\necho apply\n");
                    StringBuilder line = new StringBuilder(round == 0 ? "warm-up " : String.format("round %-2d", round));
                    for (Map.Entry<String, ImageBuilder> t : targets.entrySet()) {
                        long t0 = System.nanoTime();
                        t.getValue().cacheDir(work.resolve("cache")).build(plan, e -> trace(t0, e));
                        record(times, t.getKey(), round, t0, line);
                    }
                    writeDockerContext(plan, baseImage, context);
                    long t0 = System.nanoTime();
                    Processes.Result r = Processes.run(Duration.ofMinutes(5),
                            List.of("docker", "build", "-q", "-t", dockerImage, context.toString()));
                    if (!r.ok()) {
                        throw new IllegalStateException("docker build failed: " + r);
                    }
                    record(times, "docker build", round, t0, line);
                    System.out.println(line);
                }
            }
            long docker = median(times.get("docker build"));
            System.out.printf("median of %d rounds (one-line change in config/seed/CLAUDE.md, warm caches):%n", rounds);
            for (Map.Entry<String, List<Long>> e : times.entrySet()) {
                long m = median(e.getValue());
                System.out.printf("  %-22s %6d ms  %5.2fx docker build%n", e.getKey(), m, (double) m / docker);
            }
            System.out.println("  goal: sandbox <= 0.5x docker build");
        } finally {
            Processes.docker("rmi", "-f", jibImage, dockerImage);
            try (var walk = Files.walk(work)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void record(Map<String, List<Long>> times, String key, int round, long t0, StringBuilder line) {
        long ms = (System.nanoTime() - t0) / 1_000_000;
        line.append(String.format("  %s %5d ms", key.replace("sandbox ", ""), ms));
        if (round > 0) {
            times.computeIfAbsent(key, k -> new ArrayList<>()).add(ms);
        }
    }

    private static void trace(long t0, sandbox.image.ImageEvent e) {
        if (System.getenv("SANDBOX_BENCH_TRACE") != null && !(e instanceof sandbox.image.ImageEvent.Progress)) {
            System.out.printf("  %6d ms %s%n", (System.nanoTime() - t0) / 1_000_000, e);
        }
    }

    /** The same files, modes and owners as the sandbox layer, as a Dockerfile with COPY. */
    static void writeDockerContext(ImagePlan plan, String baseImage, Path context) throws Exception {
        StringBuilder df = new StringBuilder("FROM ").append(baseImage).append('\n');
        int i = 0;
        for (LayerFile f : SandboxLayer.files(plan)) {
            if (f.directory()) {
                continue;
            }
            String local = "f" + (i++);
            Path file = context.resolve(local);
            Files.write(file, f.content());
            // The legacy builder (no BuildKit here) has no --chmod: COPY keeps the file's own mode.
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString(rwx(f.mode())));
            df.append(String.format("COPY --chown=%s %s %s%n", f.ownership(), local, f.path()));
        }
        df.append("ENV ");
        plan.containerEnvironment().forEach((k, v) -> df.append(k).append('=').append(v).append(' '));
        df.append('\n');
        plan.labels().forEach((k, v) -> df.append("LABEL ").append(k).append("=\"").append(v).append("\"\n"));
        df.append("WORKDIR ").append(plan.workdir()).append('\n');
        df.append("ENTRYPOINT [\"").append(plan.entrypoint().get(0)).append("\"]\n");
        df.append("CMD [\"sleep\", \"infinity\"]\n");
        Files.writeString(context.resolve("Dockerfile"), df, StandardCharsets.UTF_8);
    }

    private static String rwx(int mode) {
        StringBuilder b = new StringBuilder();
        for (int shift = 6; shift >= 0; shift -= 3) {
            int m = (mode >> shift) & 7;
            b.append((m & 4) != 0 ? 'r' : '-').append((m & 2) != 0 ? 'w' : '-').append((m & 1) != 0 ? 'x' : '-');
        }
        return b.toString();
    }

    static long median(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
