package sandbox.image.internal.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.SandboxException;

class ContentCacheTest {

    static final byte[] DEB = "a package".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    static Digest sha256Of(byte[] b) {
        return Digest.of("sha256", Digest.hasher("sha256").digest(b));
    }

    @Test
    void downloadsVerifiesAndThenServesOffline() throws Exception {
        ContentCache cache = new ContentCache(tmp);
        Digest d = sha256Of(DEB);
        try (LoopbackHttp http = new LoopbackHttp().put("/pool/a.deb", DEB)) {
            Path p = cache.fetch(d, "a.deb", Optional.of(http.root().resolve("pool/a.deb")));
            assertEquals(tmp.resolve("sha256").resolve(d.hex()), p);
            assertEquals(1, http.requests().size());
        }
        // the server is gone; the cache answers
        assertTrue(Files.isSameFile(tmp.resolve("sha256").resolve(d.hex()), cache.fetch(d, "a.deb", Optional.empty())));
    }

    @Test
    void refusesADownloadWhoseHashDiffersAndKeepsNothing() throws Exception {
        ContentCache cache = new ContentCache(tmp);
        Digest wanted = sha256Of("other bytes".getBytes(StandardCharsets.UTF_8));
        try (LoopbackHttp http = new LoopbackHttp().put("/pool/a.deb", DEB)) {
            SandboxException e = assertThrows(SandboxException.class,
                    () -> cache.fetch(wanted, "a.deb", Optional.of(http.root().resolve("pool/a.deb"))));
            assertTrue(e.getMessage().startsWith("hash mismatch for a.deb: the lock says " + wanted
                    + " but the download is " + sha256Of(DEB)), e.getMessage());
        }
        assertFalse(Files.exists(cache.pathOf(wanted)));
        try (var s = Files.list(tmp.resolve("sha256"))) {
            assertEquals(0, s.count(), "no temp file left behind");
        }
    }

    @Test
    void reportsADamagedCacheEntry() throws Exception {
        ContentCache cache = new ContentCache(tmp);
        Digest d = cache.put(DEB, "sha256");
        Files.writeString(cache.pathOf(d), "tampered");
        SandboxException e = assertThrows(SandboxException.class, () -> cache.fetch(d, "a.deb", Optional.empty()));
        assertEquals("cached a.deb is damaged: expected " + d + ", found " + sha256Of("tampered".getBytes(StandardCharsets.UTF_8)),
                e.getMessage());
    }

    @Test
    void aMissingEntryWithoutALocationSaysWhatToDo() throws Exception {
        SandboxException e = assertThrows(SandboxException.class,
                () -> new ContentCache(tmp).fetch(sha256Of(DEB), "a.deb", Optional.empty()));
        assertEquals(tmp + ": a.deb (" + sha256Of(DEB) + ") is not in the cache and no download location is configured"
                + " (hint: configure the Debian mirror / npm registry, or warm the cache)", e.oneLine());
    }

    @Test
    void readsNpmIntegrityAsSha512() throws Exception {
        byte[] raw = Digest.hasher("sha512").digest(DEB);
        Digest d = Digest.integrity("sha512-" + Base64.getEncoder().encodeToString(raw));
        assertEquals(Digest.of("sha512", raw), d);
        assertThrows(SandboxException.class, () -> Digest.integrity("sha1-abc="));
    }
}
