package sandbox.image.internal.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.image.Lockfile;
import sandbox.image.internal.lock.Locker;

/**
 * From the plain bookworm test base: lock iptables, ipset, sudo, iproute2 and a small npm
 * package with a shell bin ({@code n}), build the layers, compose a docker-save tar with
 * no daemon, load it and run the tools. Reaches the Debian archive and npm registry only
 * at the locations this machine's apt/npm configuration names.
 */
@Tag("container")
@Tag("archive")
class LockedImageContainerTest {

    static final Function<String, Optional<String>> ENV = key -> Optional.ofNullable(
            System.getenv("SANDBOX_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_')));

    @TempDir
    Path tmp;
    final List<String> images = new ArrayList<>();

    static Path baseTar() {
        String p = System.getProperty("SANDBOX_TEST_BASE_TAR", System.getenv().getOrDefault("SANDBOX_TEST_BASE_TAR",
                "/var/cache/sandbox-test/bookworm-base.tar"));
        return Path.of(p);
    }

    static Path cacheDir() {
        return ContentCache.defaultPackages(System.getenv());
    }

    @BeforeEach
    void needs() throws Exception {
        assumeTrue(Docker.available(), "no Docker daemon answers: container test skipped");
        assumeTrue(Files.isRegularFile(baseTar()), "no test base tar at " + baseTar()
                + " (run .ci/test-base-image.sh)");
        Locations l = Locations.ofMachine(ENV);
        assumeTrue(l.debian("bookworm").isPresent(), "no Debian mirror in apt sources or SANDBOX_DEBIAN_MIRROR");
        assumeTrue(l.npmRegistry().isPresent(), "no npm registry configured (npm config / SANDBOX_NPM_REGISTRY)");
    }

    @AfterEach
    void cleanup() {
        for (String image : images) {
            Docker.run(List.of("docker", "image", "rm", "-f", image));
        }
    }

    Lockfile lock(List<String> debs, List<String> npm) throws Exception {
        Path config = Files.createDirectories(tmp.resolve("config"));
        Files.write(config.resolve("packages.debian"), debs);
        Files.write(config.resolve("packages.npm"), npm);
        Path lockFile = config.resolve("sandbox.lock");
        new Locker(new ContentCache(cacheDir()), Locations.ofMachine(ENV), System.out::println)
                .lock(new Locker.Request(config, lockFile, "tar://" + baseTar(), List.of("amd64"), ENV));
        return Lockfile.read(lockFile);
    }

    String load(List<Path> layers) throws Exception {
        String tag = "sbx-lock-test/" + UUID.randomUUID().toString().substring(0, 8) + ":t";
        Path archive = tmp.resolve("image.tar");
        DockerArchive.compose(baseTar(), layers, tag, archive);
        Docker.Result load = Docker.run(List.of("docker", "load", "-i", archive.toString()));
        assertEquals(0, load.exitCode(), load.output());
        images.add(tag);
        Files.delete(archive);
        return tag;
    }

    /** A cache with the shared downloads but its own (empty) layer folder. */
    Path freshCache(String name) throws java.io.IOException {
        Path fresh = Files.createDirectories(tmp.resolve("cache-" + name));
        for (String kind : List.of("sha256", "sha512")) {
            Files.createDirectories(cacheDir().resolve(kind));
            Files.createSymbolicLink(fresh.resolve(kind), cacheDir().resolve(kind));
        }
        return fresh;
    }

    static String run(String image, String... cmd) {
        List<String> args = new ArrayList<>(List.of("docker", "run", "--rm", "--network", "none", image));
        args.addAll(List.of(cmd));
        Docker.Result r = Docker.run(args);
        assertEquals(0, r.exitCode(), String.join(" ", cmd) + " failed: " + r.output());
        return r.output();
    }

    @Test
    void firewallToolsAndAnNpmBinRunFromLockedLayers() throws Exception {
        Lockfile lock = lock(List.of("iptables", "ipset", "sudo", "iproute2"), List.of("n@10.2.0"));
        Path lockFile = tmp.resolve("config/sandbox.lock");
        // Reproducible: two builds from scratch (no layer cache, shared downloads) give the same bytes.
        List<Path> layers = LockedLayers.build(lockFile, "amd64", freshCache("a"), System.out::println);
        assertEquals(2, layers.size());
        List<Path> again = LockedLayers.build(lockFile, "amd64", freshCache("b"), s -> { });
        for (int i = 0; i < 2; i++) {
            assertEquals(ContentCache.hash(layers.get(i), "sha256"), ContentCache.hash(again.get(i), "sha256"));
        }

        String image = load(layers);
        assertTrue(run(image, "iptables", "-V").contains("nf_tables"));
        assertTrue(run(image, "sudo", "-V").contains("Sudo version"));
        assertTrue(run(image, "ip", "-V").contains("iproute2"));
        assertEquals("10.2.0", run(image, "n", "--version").strip());
        String dpkg = run(image, "dpkg", "-l", "iptables");
        assertTrue(dpkg.lines().anyMatch(l -> l.startsWith("ii  iptables")), dpkg);
        assertEquals("-rwsr-xr-x root root", run(image, "stat", "-c", "%A %U %G", "/usr/bin/sudo").strip());
        assertTrue(lock.base().packages().stream().anyMatch(p -> p.name().equals("libc6")));

        Docker.Result fw = Docker.run(List.of("docker", "run", "--rm", "--network", "none",
                "--cap-add", "NET_ADMIN", "--cap-add", "NET_RAW", image, "sh", "-c",
                "ipset -v && iptables -S && ipset create sbx-t hash:ip && ipset list sbx-t && ip6tables -S"));
        assertEquals(0, fw.exitCode(), fw.output());
        assertTrue(fw.output().contains("-P OUTPUT ACCEPT") && fw.output().contains("Name: sbx-t")
                && fw.output().contains("ipset v7.17, protocol version: 7"), fw.output());
    }
}
