package sandbox.image.internal.lock;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.tukaani.xz.XZInputStream;
import sandbox.api.SandboxException;
import sandbox.image.DebianPackage;
import sandbox.image.internal.deb.Candidate;
import sandbox.image.internal.deb.DependencyResolver;
import sandbox.image.internal.deb.InRelease;
import sandbox.image.internal.deb.InstalledSet;
import sandbox.image.internal.deb.PackageIndex;
import sandbox.image.internal.packages.ContentCache;
import sandbox.image.internal.packages.Digest;
import sandbox.image.internal.packages.Locations;
import sandbox.image.internal.packages.Remote;

/**
 * Resolves the wanted OS packages against the configured archive. The chain of trust:
 * the archive keyring on this machine → the OpenPGP signature on each suite's
 * {@code InRelease} → the sha256 of {@code main/binary-ARCH/Packages.xz} in it → the
 * sha256 of every {@code .deb} in that index → the lock.
 */
public final class DebianLock {

    private final Locations locations;
    private final ContentCache cache;
    private final PGPPublicKeyRingCollection keys;
    private final Consumer<String> progress;

    public DebianLock(Locations locations, ContentCache cache, PGPPublicKeyRingCollection keys,
                      Consumer<String> progress) {
        this.locations = locations;
        this.cache = cache;
        this.keys = keys;
        this.progress = progress;
    }

    /** Loads the verified indexes of {@code suites} for {@code arch}. */
    public PackageIndex index(List<String> suites, String arch) throws SandboxException {
        PackageIndex index = new PackageIndex();
        for (String suite : suites) {
            URI mirror = locations.debian(suite).orElseThrow(() -> new SandboxException(
                    "no Debian mirror configured for suite " + suite, null,
                    "add it to the apt sources or set SANDBOX_DEBIAN_MIRROR", null));
            URI inReleaseUri = mirror.resolve("dists/" + suite + "/InRelease");
            InRelease release = InRelease.verify(Remote.get(inReleaseUri, "*/*", suite + " InRelease"), keys,
                    inReleaseUri.toString());
            String named = release.release().get("Codename", "") + " " + release.release().get("Suite", "");
            if (!List.of(named.split(" ")).contains(suite)) {
                throw new SandboxException("InRelease for " + suite + " is signed for '" + named.strip() + "'",
                        inReleaseUri.toString(), "the mirror serves the wrong suite", null);
            }
            String base = "main/binary-" + arch + "/Packages";
            Optional<InRelease.IndexFile> xz = release.index(base + ".xz");
            InRelease.IndexFile file = xz.or(() -> release.index(base + ".gz")).orElseThrow(() ->
                    new SandboxException("InRelease of " + suite + " lists no " + base + ".xz or .gz",
                            inReleaseUri.toString(), null, null));
            Path packages = cache.fetch(Digest.sha256(file.sha256()), suite + " " + file.path(),
                    Optional.of(mirror.resolve("dists/" + suite + "/" + file.path())));
            try (InputStream in = decompress(packages, file.path())) {
                index.add(in, suite, arch, suite + "/" + base);
            } catch (IOException e) {
                throw new SandboxException("cannot read " + file.path() + ": " + e.getMessage(), packages.toString(),
                        null, e);
            }
            progress.accept("verified " + suite + " (key " + release.keyId() + "), index sha256:" + file.sha256());
        }
        return index;
    }

    /** The packages to add on top of {@code base}, as lock entries. */
    public static List<DebianPackage> resolve(PackageIndex index, InstalledSet base, List<String> wanted)
            throws SandboxException {
        List<DebianPackage> out = new ArrayList<>();
        for (Candidate c : new DependencyResolver(index, base).resolve(wanted)) {
            out.add(new DebianPackage(c.name(), c.version().toString(), c.architecture(), c.suite(), c.filename(),
                    c.size(), c.sha256()));
        }
        return out;
    }

    private static InputStream decompress(Path file, String name) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return new BufferedInputStream(name.endsWith(".xz") ? new XZInputStream(raw) : new GZIPInputStream(raw),
                1 << 16);
    }
}
