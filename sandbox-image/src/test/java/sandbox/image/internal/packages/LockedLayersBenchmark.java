package sandbox.image.internal.packages;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How long the package layers of a lock take: built from the (warm) package cache into an
 * empty layer folder, against reusing the cached layers (re-hashed before use), alternating
 * in one run. Prints each round, the medians and the ratio.
 *
 * <p>Run: {@code mvn -q -o -pl sandbox-image -am -DskipTests -Pbench-layers verify}
 * (uses config/sandbox.lock; the first round downloads what the package cache lacks).
 */
public final class LockedLayersBenchmark {

    public static void main(String[] args) throws Exception {
        Path lock = args.length > 0 ? Path.of(args[0])
                : Files.isRegularFile(Path.of("config/sandbox.lock")) ? Path.of("config/sandbox.lock")
                : Path.of("../config/sandbox.lock");
        Path packages = ContentCache.defaultPackages(System.getenv());
        Path work = Files.createTempDirectory("sbx-layer-bench");
        for (String kind : List.of("sha256", "sha512")) {
            Files.createDirectories(packages.resolve(kind));
            Files.createSymbolicLink(work.resolve(kind), packages.resolve(kind));
        }
        int rounds = 3;
        double[] cold = new double[rounds];
        double[] warm = new double[rounds];
        long bytes = 0;
        for (int i = 0; i < rounds; i++) {
            deleteLayers(work);
            long t0 = System.nanoTime();
            List<Path> layers = LockedLayers.build(lock, "amd64", work, s -> { });
            cold[i] = (System.nanoTime() - t0) / 1e9;
            bytes = 0;
            for (Path l : layers) {
                bytes += Files.size(l);
            }
            long t1 = System.nanoTime();
            LockedLayers.build(lock, "amd64", work, s -> { });
            warm[i] = (System.nanoTime() - t1) / 1e9;
            System.out.printf(Locale.ROOT, "round %d: build from package cache %.2f s, reuse cached layers %.2f s%n",
                    i + 1, cold[i], warm[i]);
        }
        java.util.Arrays.sort(cold);
        java.util.Arrays.sort(warm);
        System.out.printf(Locale.ROOT, "%s: %d MiB of layers; median build %.2f s, median reuse %.2f s, reuse/build = %.2f%n",
                lock, bytes >> 20, cold[rounds / 2], warm[rounds / 2], warm[rounds / 2] / cold[rounds / 2]);
        deleteLayers(work);
        Optional.of(work).ifPresent(w -> w.toFile().deleteOnExit());
    }

    private static void deleteLayers(Path work) throws java.io.IOException {
        Path layers = work.resolve("layers");
        if (Files.isDirectory(layers)) {
            try (var s = Files.list(layers)) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
