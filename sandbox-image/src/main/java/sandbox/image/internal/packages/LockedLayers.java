package sandbox.image.internal.packages;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import sandbox.api.SandboxException;
import sandbox.image.DebianPackage;
import sandbox.image.Lockfile;
import sandbox.image.NpmPackage;
import sandbox.image.PlatformLock;
import sandbox.image.internal.deb.DebLayer;
import sandbox.image.internal.lock.BaseReader;
import sandbox.image.internal.npm.NpmLayer;

/**
 * The build side of the lock: turns exactly what {@code config/sandbox.lock} names into
 * layer tars, never resolving anything. Every package comes from the content-addressed
 * cache (downloaded from the configured mirror/registry only when missing) and is
 * hash-checked before use. Layers are cached by a key over their inputs; the same lock
 * gives byte-identical layers.
 */
public final class LockedLayers {

    /** Bump whenever the code changes what goes into a layer, so cached layers are rebuilt. */
    private static final String FORMAT = "sandbox-locked-layer-2";

    private LockedLayers() { }

    /**
     * The OS packages layer, then the npm packages layer (a layer that would be empty is
     * left out), as uncompressed docker layer tars. Mirror and registry come from
     * {@code SANDBOX_DEBIAN_MIRROR} / {@code SANDBOX_NPM_REGISTRY} or the machine's apt and
     * npm configuration, and are only needed for files not yet cached.
     */
    public static List<Path> build(Path lockFile, String architecture, Path cacheDir, Consumer<String> progress)
            throws SandboxException {
        Function<String, Optional<String>> env = key -> Optional.ofNullable(
                System.getenv("SANDBOX_" + key.toUpperCase(Locale.ROOT).replace('.', '_')));
        return build(Lockfile.read(lockFile), architecture, new ContentCache(cacheDir), Locations.ofMachine(env),
                progress);
    }

    public static List<Path> build(Lockfile lock, String architecture, ContentCache cache, Locations locations,
                                   Consumer<String> progress) throws SandboxException {
        PlatformLock platform = lock.platform(architecture).orElseThrow(() -> new SandboxException(
                "the lock has no section for platform '" + architecture + "'", "config/sandbox.lock",
                "run 'sandbox lock --platform " + architecture + "'", null));
        List<Path> layers = new ArrayList<>();
        if (!platform.debian().isEmpty()) {
            layers.add(cached(cache, "debian", key(lock.toJsonOf(platform.debian()), lock.base().dpkgStatus()),
                    progress, (layer, staging) -> debian(lock, platform.debian(), cache, locations, layer, staging,
                            progress)));
        }
        if (!platform.npm().isEmpty()) {
            layers.add(cached(cache, "npm", key(lock.toJsonOf(platform.npm()), ""), progress,
                    (layer, staging) -> npm(platform.npm(), cache, locations, layer, staging, progress)));
        }
        return layers;
    }

    @FunctionalInterface
    private interface Fill {
        void into(LayerTar layer, Path staging) throws SandboxException;
    }

    private static void debian(Lockfile lock, List<DebianPackage> debs, ContentCache cache, Locations locations,
                               LayerTar layer, Path staging, Consumer<String> progress) throws SandboxException {
        Path status = baseStatus(lock, cache, progress);
        DebLayer deb = new DebLayer(layer, staging, progress);
        for (DebianPackage p : debs) {
            Optional<URI> mirror = locations.debian(p.suite());
            Path file = cache.fetch(Digest.sha256(p.sha256()), p.name() + "_" + p.version() + ".deb",
                    mirror.map(m -> m.resolve(p.filename())));
            if (sizeOf(file) != p.size()) {
                throw new SandboxException("size mismatch for " + p.name() + ": lock says " + p.size(), file.toString(),
                        "the lock is inconsistent; run 'sandbox lock'", null);
            }
            deb.add(file);
        }
        try {
            deb.writeStatus(Files.readString(status, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SandboxException("cannot read " + status + ": " + e.getMessage(), e);
        }
        progress.accept("OS packages layer: " + debs.size() + " packages");
    }

    /**
     * The base's {@code /var/lib/dpkg/status} the lock was made against: from the cache, or
     * read again from the base the lock names (tar:// or docker://) and checked against the
     * lock's sha256, so a different base is refused rather than silently mis-recorded.
     */
    private static Path baseStatus(Lockfile lock, ContentCache cache, Consumer<String> progress)
            throws SandboxException {
        Digest want = Digest.sha256(lock.base().dpkgStatus());
        Optional<Path> hit = cache.find(want, "base dpkg status");
        if (hit.isPresent()) {
            return hit.get();
        }
        String ref = lock.base().reference();
        if (ref.startsWith("tar://") || ref.startsWith("docker://")) {
            progress.accept("reading the dpkg status of " + ref);
            try {
                Path work = Files.createDirectories(cache.root().resolve("tmp"));
                byte[] status = BaseReader.read(ref, work).dpkgStatus().getBytes(StandardCharsets.UTF_8);
                Digest got = cache.put(status, "sha256");
                if (got.equals(want)) {
                    return cache.pathOf(got);
                }
                throw new SandboxException("the base " + ref + " is not the one locked: its dpkg status is " + got
                        + ", the lock says " + want, "config/sandbox.lock", "run 'sandbox lock' against this base", null);
            } catch (IOException e) {
                throw new SandboxException("cannot create " + cache.root() + "/tmp: " + e.getMessage(), e);
            }
        }
        throw new SandboxException("the base image's dpkg status (" + want + ") is not in the cache",
                cache.root().toString(), "run 'sandbox lock' on this machine (it caches the base's status)", null);
    }

    private static void npm(List<NpmPackage> pkgs, ContentCache cache, Locations locations, LayerTar layer,
                            Path staging, Consumer<String> progress) throws SandboxException {
        NpmLayer npm = new NpmLayer(layer, staging, progress);
        for (NpmPackage p : pkgs) {
            Optional<URI> registry = locations.npmRegistry();
            Path file = cache.fetch(Digest.integrity(p.integrity()), p.name() + "@" + p.version(),
                    registry.map(r -> r.resolve(p.tarball())));
            npm.add(p, file);
        }
        npm.finish();
        progress.accept("npm packages layer: " + pkgs.size() + " packages");
    }

    private static Path cached(ContentCache cache, String kind, String key, Consumer<String> progress, Fill fill)
            throws SandboxException {
        Path dir = cache.root().resolve("layers");
        Path tar = dir.resolve(key + "-" + kind + ".tar");
        Path sum = dir.resolve(key + "-" + kind + ".sha256");
        try {
            if (Files.isRegularFile(tar) && Files.isRegularFile(sum)) {
                String expected = Files.readString(sum).strip();
                if (ContentCache.hash(tar, "sha256").hex().equals(expected)) {
                    progress.accept(kind + " layer: cached (sha256:" + expected + ")");
                    return tar;
                }
                progress.accept(kind + " layer: cached copy is damaged, rebuilding");
            }
            Files.createDirectories(dir);
            Path staging = Files.createTempDirectory(dir, ".staging-");
            try {
                LayerTar layer = new LayerTar(progress);
                fill.into(layer, staging);
                layer.writeTo(tar);
            } finally {
                deleteTree(staging);
            }
            String digest = ContentCache.hash(tar, "sha256").hex();
            Files.writeString(sum, digest + "\n");
            progress.accept(kind + " layer: built (sha256:" + digest + ", " + Files.size(tar) / (1 << 20) + " MiB)");
            return tar;
        } catch (IOException e) {
            throw new SandboxException("cannot write layer cache " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String key(String inputs, String extra) {
        byte[] h = Digest.hasher("sha256").digest((FORMAT + "\n" + inputs + "\n" + extra).getBytes(StandardCharsets.UTF_8));
        return Digest.of("sha256", h).hex().substring(0, 32);
    }

    private static long sizeOf(Path p) throws SandboxException {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new SandboxException("cannot stat " + p + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
