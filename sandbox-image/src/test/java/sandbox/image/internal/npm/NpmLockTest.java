package sandbox.image.internal.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import sandbox.api.SandboxException;
import sandbox.image.NpmPackage;
import sandbox.image.internal.packages.LoopbackHttp;

class NpmLockTest {

    static final String SRI = "sha512-" + "A".repeat(86) + "==";

    static String meta(String root, String name, String latest, String extra) {
        String file = name.substring(name.indexOf('/') + 1);
        return ("{\"name\":\"%s\",\"dist-tags\":{\"latest\":\"%s\"},\"versions\":{\"%s\":{%s\"dist\":{\"tarball\":"
                + "\"%s%s/-/%s-%s.tgz\",\"integrity\":\"%s\"}}}}")
                .formatted(name, latest, latest, extra, root, name, file, latest, SRI);
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void pinsLatestAndThePlatformsOptionalDependencyOnly() throws Exception {
        try (LoopbackHttp http = new LoopbackHttp()) {
            String root = http.root().toString();
            http.put("/@acme%2fcli", b(meta(root, "@acme/cli", "2.0.0", "\"optionalDependencies\":{"
                    + "\"@acme/cli-linux-x64\":\"2.0.0\",\"@acme/cli-linux-x64-musl\":\"2.0.0\",\"@acme/cli-darwin-arm64\":\"2.0.0\"},")));
            http.put("/@acme%2fcli-linux-x64", b(meta(root, "@acme/cli-linux-x64", "2.0.0", "\"os\":[\"linux\"],\"cpu\":[\"x64\"],")));
            http.put("/@acme%2fcli-linux-x64-musl", b(meta(root, "@acme/cli-linux-x64-musl", "2.0.0",
                    "\"os\":[\"linux\"],\"cpu\":[\"x64\"],\"libc\":[\"musl\"],")));
            http.put("/@acme%2fcli-darwin-arm64", b(meta(root, "@acme/cli-darwin-arm64", "2.0.0", "\"os\":[\"darwin\"],\"cpu\":[\"arm64\"],")));
            List<NpmPackage> got = new NpmLock(http.root(), s -> { }).resolve(List.of("@acme/cli"), "amd64");
            assertEquals(List.of(new NpmPackage("@acme/cli", "2.0.0", "@acme/cli/-/cli-2.0.0.tgz", SRI),
                    new NpmPackage("@acme/cli-linux-x64", "2.0.0", "@acme/cli-linux-x64/-/cli-linux-x64-2.0.0.tgz", SRI)), got);
        }
    }

    @Test
    void refusesARangeDependencyWithAHint() throws Exception {
        try (LoopbackHttp http = new LoopbackHttp()) {
            http.put("/tool", b(meta(http.root().toString(), "tool", "1.0.0", "\"dependencies\":{\"left-pad\":\"^1.0.0\"},")));
            SandboxException e = assertThrows(SandboxException.class,
                    () -> new NpmLock(http.root(), s -> { }).resolve(List.of("tool@1.0.0"), "amd64"));
            assertEquals("tool depends on left-pad@'^1.0.0', a range; only exact versions are resolved "
                    + "(hint: add left-pad@VERSION to config/packages.npm)", e.oneLine());
        }
    }

    @Test
    void refusesATarballServedFromElsewhere() throws Exception {
        try (LoopbackHttp http = new LoopbackHttp()) {
            http.put("/tool", b(meta("http://127.0.0.2:9/", "tool", "1.0.0", "")));
            SandboxException e = assertThrows(SandboxException.class,
                    () -> new NpmLock(http.root(), s -> { }).resolve(List.of("tool"), "amd64"));
            assertEquals("tarball of tool is not under the configured registry", e.getMessage());
        }
    }
}
