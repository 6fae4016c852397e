package sandbox.image.internal.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.SandboxException;
import sandbox.image.DebianPackage;
import sandbox.image.LockedBase;
import sandbox.image.Lockfile;
import sandbox.image.NpmPackage;
import sandbox.image.PlatformLock;
import sandbox.image.internal.packages.TarFixtures.E;

/** The build side against a loopback archive and registry: fetch, verify, layer, cache. */
class LockedLayersTest {

    @TempDir
    Path tmp;

    static final String STATUS = "Package: libc6\nStatus: install ok installed\nVersion: 2.36-9\n";

    record Fixture(Lockfile lock, LoopbackHttp http, Locations locations) { }

    Fixture fixture() throws Exception {
        byte[] deb = Files.readAllBytes(TarFixtures.deb(tmp.resolve("hello.deb"),
                "Package: hello\nVersion: 1.0\nArchitecture: amd64\n", List.of(),
                List.of(new E("./bin/", 'd', 0755, ""), new E("./bin/hello", 'f', 0755, "#!/bin/sh\necho hi\n"))));
        byte[] tgz = TarFixtures.gzip(TarFixtures.tar(List.of(
                new E("package/package.json", 'f', 0644, "{\"name\":\"hi\",\"bin\":\"hi.sh\"}"),
                new E("package/hi.sh", 'f', 0644, "#!/bin/sh\n"))));
        String sri = "sha512-" + Base64.getEncoder().encodeToString(Digest.hasher("sha512").digest(tgz));
        LoopbackHttp http = new LoopbackHttp().put("/debian/pool/main/h/hello.deb", deb).put("/npm/hi/-/hi-1.0.0.tgz", tgz);
        Digest status = new ContentCache(tmp.resolve("cache")).put(STATUS.getBytes(StandardCharsets.UTF_8), "sha256");
        Lockfile lock = new Lockfile(1, new LockedBase("registry.invalid/base@sha256:00", "sha256:00", "debian", "bookworm",
                status.hex(), List.of(new LockedBase.Installed("libc6", "2.36-9"))), List.of("bookworm"),
                new TreeMap<>(Map.of("amd64", new PlatformLock(
                        List.of(new DebianPackage("hello", "1.0", "amd64", "bookworm", "pool/main/h/hello.deb", deb.length,
                                ContentCacheTest.sha256Of(deb).hex())),
                        List.of(new NpmPackage("hi", "1.0.0", "hi/-/hi-1.0.0.tgz", sri))))));
        Map<String, String> settings = Map.of("debian.mirror", http.root() + "debian", "npm.registry", http.root() + "npm");
        return new Fixture(lock, http, new Locations(k -> Optional.ofNullable(settings.get(k)), Map.of(), tmp, tmp));
    }

    @Test
    void buildsTheOsThenTheNpmLayerAndRebuildsOfflineFromTheCache() throws Exception {
        Fixture f = fixture();
        List<Path> layers;
        try (LoopbackHttp http = f.http()) {
            layers = LockedLayers.build(f.lock(), "amd64", new ContentCache(tmp.resolve("cache")), f.locations(), s -> { });
            assertEquals(2, http.requests().size());
        }
        Map<String, TarFixtures.Read> os = TarFixtures.read(layers.get(0));
        assertTrue(os.containsKey("usr/bin/hello"));
        assertTrue(os.get("var/lib/dpkg/status").content().startsWith(STATUS + "\nPackage: hello\nStatus: install ok installed\n"));
        assertEquals("../lib/node_modules/hi/hi.sh", TarFixtures.read(layers.get(1)).get("usr/local/bin/hi").entry().getLinkName());

        byte[] first = Files.readAllBytes(layers.get(0));
        deleteLayers();
        // the server is closed: everything comes from the content-addressed cache
        List<Path> again = LockedLayers.build(f.lock(), "amd64", new ContentCache(tmp.resolve("cache")), f.locations(), s -> { });
        assertEquals(List.of(first.length, true), List.of(Files.readAllBytes(again.get(0)).length,
                java.util.Arrays.equals(first, Files.readAllBytes(again.get(0)))));
    }

    @Test
    void aTamperedCachedPackageStopsTheBuild() throws Exception {
        Fixture f = fixture();
        try (LoopbackHttp http = f.http()) {
            LockedLayers.build(f.lock(), "amd64", new ContentCache(tmp.resolve("cache")), f.locations(), s -> { });
        }
        deleteLayers();
        DebianPackage hello = f.lock().platform("amd64").orElseThrow().debian().get(0);
        Files.writeString(tmp.resolve("cache/sha256").resolve(hello.sha256()), "evil");
        SandboxException e = assertThrows(SandboxException.class, () ->
                LockedLayers.build(f.lock(), "amd64", new ContentCache(tmp.resolve("cache")), f.locations(), s -> { }));
        assertTrue(e.getMessage().startsWith("cached hello_1.0.deb is damaged: expected sha256:" + hello.sha256()),
                e.getMessage());
    }

    @Test
    void refusesAPlatformTheLockDoesNotHave() throws Exception {
        Fixture f = fixture();
        f.http().close();
        SandboxException e = assertThrows(SandboxException.class, () ->
                LockedLayers.build(f.lock(), "arm64", new ContentCache(tmp.resolve("cache")), f.locations(), s -> { }));
        assertEquals("config/sandbox.lock: the lock has no section for platform 'arm64' (hint: run 'sandbox lock "
                + "--platform arm64')", e.oneLine());
    }

    void deleteLayers() throws Exception {
        try (var s = Files.list(tmp.resolve("cache/layers"))) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
    }
}
