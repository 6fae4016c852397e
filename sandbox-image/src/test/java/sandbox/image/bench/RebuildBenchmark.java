package sandbox.image.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sandbox.api.Project;
import sandbox.api.Settings;
import sandbox.image.BuiltImage;
import sandbox.image.ImageBuilder;
import sandbox.image.ImagePlan;
import sandbox.image.ImageTarget;
import sandbox.image.Processes;
import sandbox.image.internal.LayerFile;
import sandbox.image.internal.SandboxLayer;

/**
 * Rebuild after a one-line change in a config file: sandbox (Jib, warm cache) into the local
 * daemon, a tar and a registry, against {@code docker build} of the equivalent Dockerfile
 * (same base image, COPY of the same files with the same modes and owners), alternating in one
 * run. Prints each round, the medians and the ratios.
 *
 * <p>The base is the recommended form, a registry reference pinned by digest: the tools test
 * base is copied from the daemon into a local registry on 127.0.0.1 that speaks TLS with a
 * throwaway certificate this JVM trusts (as a real registry would), and {@code docker build}
 * starts FROM the same image in the daemon (same config, so the same image ID). One row also
 * builds from {@code docker://} the daemon image itself.
 *
 * <p>Run: {@code ./mvnw -q -o install -DskipTests && cd sandbox-image && ../mvnw -q -o -DskipTests -Pbench verify
 * -Dexec.args=ROUNDS} ({@code SANDBOX_BENCH_TRACE=1} prints each build's events with their times).
 * Needs a Docker daemon, the tools test base (.ci/test-base-image.sh with FLAVOR=tools),
 * docker-registry, skopeo and openssl.
 */
public final class RebuildBenchmark {

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String baseImage = "sandbox-test/bookworm:tools";
        for (String tool : List.of("/usr/bin/docker-registry", "/usr/bin/skopeo", "/usr/bin/openssl")) {
            if (!Files.isExecutable(Path.of(tool))) {
                System.out.println("benchmark needs " + tool);
                return;
            }
        }
        if (!Processes.dockerAvailable() || !Processes.docker("image", "inspect", baseImage).ok()) {
            System.out.println("benchmark needs a Docker daemon and " + baseImage + " (.ci/test-base-image.sh, FLAVOR=tools)");
            return;
        }
        Path work = Files.createTempDirectory("sbx-img-bench");
        String name = Processes.randomName();
        String jibImage = name + "-jib:bench";
        String jibDaemonBaseImage = name + "-jib-daemon-base:bench";
        String dockerImage = name + "-docker:bench";
        Set<String> builtIds = new LinkedHashSet<>();
        try {
            Project project = new Project(work.resolve("project"));
            Path seed = Files.createDirectories(project.configDir().resolve("seed"));
            Files.writeString(seed.resolve("CLAUDE.md"), "# Sandbox\n\nBe careful.\n");
            Files.writeString(seed.resolve("settings.json"), "{\"theme\": \"dark\"}\n");
            Path context = Files.createDirectories(work.resolve("context"));
            Map<String, List<Long>> times = new LinkedHashMap<>();
            BenchRegistry.Tls tls = BenchRegistry.trustThrowawayCertificate(work.resolve("tls"));
            try (Processes.LocalRegistry registry = Processes.startTlsRegistry(work.resolve("registry"), tls.cert(), tls.key())) {
                String registryBase = BenchRegistry.pushBase(registry, tls, baseImage);
                Settings fromRegistry = Settings.resolve(Map.of("image.base", registryBase), Map.of());
                Settings fromDaemon = Settings.resolve(Map.of("image.base", "docker://" + baseImage), Map.of());
                Map<String, Settings> settingsOf = new LinkedHashMap<>();
                Map<String, ImageBuilder> targets = new LinkedHashMap<>();
                put(targets, settingsOf, "sandbox --to docker", ImageBuilder.to(ImageTarget.parse("docker:" + jibImage)), fromRegistry, work);
                put(targets, settingsOf, "sandbox --to tar", ImageBuilder.to(ImageTarget.parse("tar:" + work.resolve("out.tar"))),
                        fromRegistry, work);
                put(targets, settingsOf, "sandbox --to registry", ImageBuilder.to(ImageTarget.parse("registry:"
                        + registry.address() + "/" + name + ":bench")), fromRegistry, work);
                put(targets, settingsOf, "sandbox --to docker, docker:// base",
                        ImageBuilder.to(ImageTarget.parse("docker:" + jibDaemonBaseImage)), fromDaemon, work);
                for (int round = 0; round <= rounds; round++) {
                    // The one-line change, in the config file every build copies.
                    Files.writeString(seed.resolve("CLAUDE.md"), "# Sandbox\n\nBe careful.\nround " + round + "\n");
                    StringBuilder line = new StringBuilder(round == 0 ? "warm-up " : String.format("round %-2d", round));
                    ImagePlan plan = null;
                    for (Map.Entry<String, ImageBuilder> t : targets.entrySet()) {
                        long t0 = System.nanoTime();
                        // Reading the plan (settings, seed files) is part of every sandbox build.
                        plan = ImagePlan.from(project, settingsOf.get(t.getKey())).withApplyScript("#!/bin/sh\necho apply\n");
                        BuiltImage built = t.getValue().build(plan, e -> trace(t0, e));
                        record(times, t.getKey(), round, t0, line);
                        builtIds.add(built.imageId());
                    }
                    writeDockerContext(plan, baseImage, context);
                    long t0 = System.nanoTime();
                    Processes.Result r = Processes.run(Duration.ofMinutes(5),
                            List.of("docker", "build", "-q", "-t", dockerImage, context.toString()));
                    if (!r.ok()) {
                        throw new IllegalStateException("docker build failed: " + r);
                    }
                    record(times, "docker build", round, t0, line);
                    builtIds.add(r.out().trim());
                    System.out.println(line);
                }
                System.out.printf("base: %s, copied from the daemon's %s (same config digest %s); docker build starts FROM %s%n",
                        registryBase, baseImage, BenchRegistry.imageId(baseImage).substring(0, 19), baseImage);
            }
            long docker = median(times.get("docker build"));
            System.out.printf("median of %d rounds (one-line change in config/seed/CLAUDE.md, warm caches):%n", rounds);
            for (Map.Entry<String, List<Long>> e : times.entrySet()) {
                long m = median(e.getValue());
                System.out.printf("  %-36s %6d ms  %5.2fx docker build%n", e.getKey(), m, (double) m / docker);
            }
            System.out.println("  goal: sandbox <= 0.5x docker build");
        } finally {
            List<String> rmi = new ArrayList<>(List.of("rmi", "-f", jibImage, jibDaemonBaseImage, dockerImage));
            rmi.addAll(builtIds);
            Processes.docker(rmi.toArray(String[]::new));
            try (var walk = Files.walk(work)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Each target has a cache of its own, so each one builds the changed layer itself, as a user's one build would. */
    private static void put(Map<String, ImageBuilder> targets, Map<String, Settings> settingsOf, String key,
                            ImageBuilder builder, Settings settings, Path work) {
        targets.put(key, builder.cacheDir(work.resolve("cache-" + targets.size())));
        settingsOf.put(key, settings);
    }

    private static void record(Map<String, List<Long>> times, String key, int round, long t0, StringBuilder line) {
        long ms = (System.nanoTime() - t0) / 1_000_000;
        line.append(String.format("  %s %5d ms", key.replace("sandbox ", "").replace(", docker:// base", "(docker://)"), ms));
        if (round > 0) {
            times.computeIfAbsent(key, k -> new ArrayList<>()).add(ms);
        }
    }

    private static void trace(long t0, sandbox.image.ImageEvent e) {
        if (System.getenv("SANDBOX_BENCH_TRACE") != null && !(e instanceof sandbox.image.ImageEvent.Progress)
                && !e.toString().contains("/staging/")) {
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
