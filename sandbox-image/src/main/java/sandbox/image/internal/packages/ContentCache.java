package sandbox.image.internal.packages;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import sandbox.api.SandboxException;

/**
 * A content-addressed store under the user's cache directory: {@code sha256/HEX} and
 * {@code sha512/HEX}. Nothing enters it unverified, and what it hands out is checked
 * again before use, so a damaged or swapped file is reported, never installed.
 */
public final class ContentCache {

    private static final HttpClient HTTP = Remote.CLIENT;

    private final Path root;

    public ContentCache(Path root) {
        this.root = root;
    }

    /** {@code ${XDG_CACHE_HOME:-~/.cache}/sandbox}. */
    public static Path defaultRoot(Map<String, String> env) {
        String xdg = env.getOrDefault("XDG_CACHE_HOME", "");
        Path base = xdg.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(xdg);
        return base.resolve("sandbox");
    }

    /**
     * Where package files and package layers live: {@code packages/} under the sandbox cache
     * ({@code SANDBOX_CACHE_DIR}, else {@code ${XDG_CACHE_HOME:-~/.cache}/sandbox}), the same
     * folder the image build hands to {@code LockedLayers}.
     */
    public static Path defaultPackages(Map<String, String> env) {
        String explicit = env.getOrDefault("SANDBOX_CACHE_DIR", "");
        return (explicit.isBlank() ? defaultRoot(env) : Path.of(explicit)).resolve("packages");
    }

    public Path root() {
        return root;
    }

    public Path pathOf(Digest d) {
        return root.resolve(d.algorithm()).resolve(d.hex());
    }

    /** The cached file, verified; empty when it is not in the cache. */
    public Optional<Path> find(Digest d, String what) throws SandboxException {
        Path p = pathOf(d);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        Digest actual = hash(p, d.algorithm());
        if (!actual.equals(d)) {
            throw new SandboxException("cached " + what + " is damaged: expected " + d + ", found " + actual,
                    p.toString(), "delete the file and build again", null);
        }
        return Optional.of(p);
    }

    /** The cached file, downloading it from {@code source} first when missing. */
    public Path fetch(Digest d, String what, Optional<URI> source) throws SandboxException {
        Optional<Path> hit = find(d, what);
        if (hit.isPresent()) {
            return hit.get();
        }
        if (source.isEmpty()) {
            throw new SandboxException(what + " (" + d + ") is not in the cache and no download location is "
                    + "configured", root.toString(), "configure the Debian mirror / npm registry, or warm the cache", null);
        }
        return download(d, what, source.get());
    }

    /** Stores bytes under their own hash and returns it. */
    public Digest put(byte[] data, String algorithm) throws SandboxException {
        Digest d = Digest.of(algorithm, Digest.hasher(algorithm).digest(data));
        Path p = pathOf(d);
        if (Files.isRegularFile(p)) {
            return d;
        }
        try {
            Files.createDirectories(p.getParent());
            Path tmp = Files.createTempFile(p.getParent(), ".put", ".tmp");
            Files.write(tmp, data);
            Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return d;
        } catch (IOException e) {
            throw new SandboxException("cannot write to cache " + root + ": " + e.getMessage(), e);
        }
    }

    private Path download(Digest d, String what, URI uri) throws SandboxException {
        Path target = pathOf(d);
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempFile(target.getParent(), ".download", ".tmp");
            HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofMinutes(10)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            MessageDigest md = d.newHasher();
            try (InputStream in = new DigestInputStream(response.body(), md);
                 OutputStream out = Files.newOutputStream(tmp)) {
                if (response.statusCode() != 200) {
                    throw new SandboxException("download of " + what + " failed: HTTP " + response.statusCode(),
                            uri.toString(), "is the mirror/registry configuration right?", null);
                }
                in.transferTo(out);
            }
            Digest actual = Digest.of(d.algorithm(), md.digest());
            if (!actual.equals(d)) {
                throw new SandboxException("hash mismatch for " + what + ": the lock says " + d + " but the download is "
                        + actual, uri.toString(), "the mirror serves different bytes than were locked; re-lock or "
                        + "check the mirror", null);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new SandboxException("download of " + what + " failed: " + e.getMessage(), uri.toString(),
                    "check the network and the mirror/registry configuration", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("download of " + what + " interrupted", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a stray temp file is harmless
                }
            }
        }
    }

    /** Hashes a file. */
    public static Digest hash(Path file, String algorithm) throws SandboxException {
        MessageDigest md = Digest.hasher(algorithm);
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new SandboxException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return Digest.of(algorithm, md.digest());
    }
}
