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
 * Rebuild after a one-line change in a config file: sandbox (Jib, warm cache, into the local
 * daemon) against {@code docker build} of the equivalent Dockerfile (same base image, COPY of
 * the same files), alternating in one run. Prints each round, the medians and the ratio.
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
            Settings settings = Settings.resolve(Map.of("image.base", "tar://" + baseTar), Map.of());
            ImageBuilder jib = ImageBuilder.to(ImageTarget.parse("docker:" + jibImage)).cacheDir(work.resolve("cache"));
            Path context = Files.createDirectories(work.resolve("context"));

            List<Long> jibMs = new ArrayList<>();
            List<Long> dockerMs = new ArrayList<>();
            for (int round = 0; round <= rounds; round++) {
                // The one-line change, in the config file both builds copy.
                Files.writeString(seed.resolve("CLAUDE.md"), "# Sandbox\n\nBe careful.\nround " + round + "\n");
                ImagePlan plan = ImagePlan.from(project, settings).withApplyScript("#!/bin/sh\necho apply\n");
                long t0 = System.nanoTime();
                jib.build(plan, e -> { });
                long jibTime = (System.nanoTime() - t0) / 1_000_000;
                writeDockerContext(plan, baseImage, context);
                long t1 = System.nanoTime();
                Processes.Result r = Processes.run(Duration.ofMinutes(5),
                        List.of("docker", "build", "-q", "-t", dockerImage, context.toString()));
                long dockerTime = (System.nanoTime() - t1) / 1_000_000;
                if (!r.ok()) {
                    throw new IllegalStateException("docker build failed: " + r);
                }
                String label = round == 0 ? "warm-up" : "round " + round;
                System.out.printf("%-8s sandbox %6d ms   docker build %6d ms%n", label, jibTime, dockerTime);
                if (round > 0) {
                    jibMs.add(jibTime);
                    dockerMs.add(dockerTime);
                }
            }
            long j = median(jibMs);
            long d = median(dockerMs);
            System.out.printf("median   sandbox %6d ms   docker build %6d ms   ratio %.2fx (goal <= 0.5x)%n",
                    j, d, (double) j / d);
        } finally {
            Processes.docker("rmi", "-f", jibImage, dockerImage);
            try (var walk = Files.walk(work)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
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
