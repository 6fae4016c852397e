package sandbox.image.internal.lock;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import sandbox.api.SandboxException;
import sandbox.image.DebianPackage;
import sandbox.image.LockedBase;
import sandbox.image.Lockfile;
import sandbox.image.NpmPackage;
import sandbox.image.PlatformLock;
import sandbox.image.internal.deb.DebVersion;
import sandbox.image.internal.deb.InRelease;
import sandbox.image.internal.deb.InstalledSet;
import sandbox.image.internal.deb.PackageIndex;
import sandbox.image.internal.npm.NpmLock;
import sandbox.image.internal.packages.ContentCache;
import sandbox.image.internal.packages.Locations;

/**
 * {@code sandbox lock}: reads the base, resolves the wanted lists of {@code config/}
 * against the configured archive and registry, writes {@code config/sandbox.lock}
 * atomically and reports what changed.
 */
public final class Locker {

    public static final String DEFAULT_KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg";

    /** What to lock. {@code settings} looks up e.g. {@code debian.keyring}, {@code debian.suites}. */
    public record Request(Path configDir, Path lockFile, String baseReference, List<String> platforms,
                          Function<String, Optional<String>> settings) { }

    public record Result(Lockfile lock, List<String> changes) { }

    private final ContentCache cache;
    private final Locations locations;
    private final Consumer<String> progress;

    public Locker(ContentCache cache, Locations locations, Consumer<String> progress) {
        this.cache = cache;
        this.locations = locations;
        this.progress = progress;
    }

    /** The cache ({@code cache.dir}/packages, else the user's) and locations these settings name. */
    public static Locker forSettings(Function<String, Optional<String>> settings, Consumer<String> progress) {
        ContentCache cache = new ContentCache(settings.apply("cache.dir")
                .map(dir -> Path.of(dir).resolve("packages"))
                .orElse(ContentCache.defaultPackages(System.getenv())));
        return new Locker(cache, Locations.ofMachine(settings), progress);
    }

    public Result lock(Request r) throws SandboxException {
        Optional<Lockfile> previous = Files.isRegularFile(r.lockFile()) ? Optional.of(Lockfile.read(r.lockFile()))
                : Optional.empty();
        progress.accept("reading base " + r.baseReference());
        BaseReader.Base base = BaseReader.read(r.baseReference(), workDir());
        String statusSha = cache.put(base.dpkgStatus().getBytes(StandardCharsets.UTF_8), "sha256").hex();
        InstalledSet installed = InstalledSet.fromStatus(base.dpkgStatus(), r.baseReference() + ":/var/lib/dpkg/status");
        List<LockedBase.Installed> basePackages = new ArrayList<>();
        for (Map.Entry<String, DebVersion> e : installed.versions().entrySet()) {
            basePackages.add(new LockedBase.Installed(e.getKey(), e.getValue().toString()));
        }
        LockedBase lockedBase = new LockedBase(r.baseReference(), base.digest(), base.distribution(), base.release(),
                statusSha, basePackages);

        List<String> wantedDebs = WantedList.debian(r.configDir().resolve("packages.debian"));
        List<String> wantedNpm = WantedList.npm(r.configDir().resolve("packages.npm"));
        List<String> suites = suites(r, base.release(), wantedDebs.isEmpty());
        java.util.SortedMap<String, PlatformLock> platforms = new TreeMap<>();
        for (String arch : r.platforms()) {
            List<DebianPackage> debs = List.of();
            if (!wantedDebs.isEmpty()) {
                PGPPublicKeyRingCollection keys = InRelease.keyring(Path.of(
                        r.settings().apply("debian.keyring").orElse(DEFAULT_KEYRING)));
                PackageIndex index = new DebianLock(locations, cache, keys, progress).index(suites, arch);
                debs = DebianLock.resolve(index, installed, wantedDebs);
                progress.accept(arch + ": " + debs.size() + " Debian packages to add on top of the base");
            }
            List<NpmPackage> npm = List.of();
            if (!wantedNpm.isEmpty()) {
                URI registry = locations.npmRegistry().orElseThrow(() -> new SandboxException(
                        "no npm registry configured", null,
                        "set SANDBOX_NPM_REGISTRY or npm's registry (npm config set registry …)", null));
                npm = new NpmLock(registry, progress).resolve(wantedNpm, arch);
            }
            platforms.put(arch, new PlatformLock(debs, npm));
        }
        Lockfile lock = new Lockfile(Lockfile.VERSION, lockedBase, suites, platforms);
        lock.write(r.lockFile());
        return new Result(lock, LockDiff.between(previous, lock));
    }

    private List<String> suites(Request r, String release, boolean noDebs) throws SandboxException {
        Optional<String> configured = r.settings().apply("debian.suites");
        if (configured.isPresent() && !configured.get().isBlank()) {
            return List.of(configured.get().split("\\s*,\\s*"));
        }
        if (noDebs) {
            return List.of();
        }
        if (release.isBlank()) {
            throw new SandboxException("the base's os-release has no VERSION_CODENAME", r.baseReference(),
                    "set debian.suites (e.g. bookworm,bookworm-updates)", null);
        }
        List<String> fromApt = locations.aptSuites(release);
        if (!fromApt.isEmpty()) {
            return fromApt.stream().sorted().toList();
        }
        List<String> out = new ArrayList<>(List.of(release, release + "-updates"));
        if (locations.debian(release + "-security").isPresent()) {
            out.add(release + "-security");
        }
        return out;
    }

    private Path workDir() throws SandboxException {
        try {
            Path dir = cache.root().resolve("tmp");
            Files.createDirectories(dir);
            return dir;
        } catch (java.io.IOException e) {
            throw new SandboxException("cannot create " + cache.root() + "/tmp: " + e.getMessage(), e);
        }
    }
}
