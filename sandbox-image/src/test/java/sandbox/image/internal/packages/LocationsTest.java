package sandbox.image.internal.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.SandboxException;

class LocationsTest {

    @TempDir
    Path tmp;

    Locations of(Map<String, String> settings, Map<String, String> env) {
        return new Locations(k -> Optional.ofNullable(settings.get(k)), env, tmp.resolve("etc/apt"), tmp.resolve("home"));
    }

    void sources() throws Exception {
        Path d = Files.createDirectories(tmp.resolve("etc/apt/sources.list.d"));
        Files.createDirectories(tmp.resolve("home"));
        Files.writeString(d.resolve("debian.sources"), """
                Types: deb
                URIs: http://127.0.0.1:9/debian
                Suites: bookworm bookworm-updates
                Components: main
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

                Types: deb-src
                URIs: http://127.0.0.1:9/ignored
                Suites: bookworm-backports
                Components: main

                Types: deb
                URIs: http://127.0.0.1:9/debian-security
                Suites: bookworm-security
                Components: main
                """);
        Files.writeString(tmp.resolve("etc/apt/sources.list"),
                "# one-line style\ndeb [arch=amd64] http://127.0.0.2/debian trixie main contrib\n");
    }

    @Test
    void readsSuitesFromDeb822AndOneLineSources() throws Exception {
        sources();
        Locations l = of(Map.of(), Map.of());
        assertEquals(Optional.of(URI.create("http://127.0.0.1:9/debian/")), l.debian("bookworm-updates"));
        assertEquals(Optional.of(URI.create("http://127.0.0.1:9/debian-security/")), l.debian("bookworm-security"));
        assertEquals(Optional.of(URI.create("http://127.0.0.2/debian/")), l.debian("trixie"));
        assertEquals(Optional.empty(), l.debian("bookworm-backports"));
        assertEquals(List.of("bookworm", "bookworm-updates", "bookworm-security"), l.aptSuites("bookworm"));
    }

    @Test
    void aSettingWinsOverAptSources() throws Exception {
        sources();
        Locations l = of(Map.of("debian.mirror", "http://127.0.0.3/mirror"), Map.of());
        assertEquals(Optional.of(URI.create("http://127.0.0.3/mirror/")), l.debian("bookworm"));
        assertEquals(Optional.of(URI.create("http://127.0.0.1:9/debian-security/")), l.debian("bookworm-security"));
    }

    @Test
    void npmRegistryFromSettingThenEnvironmentThenNpmrc() throws Exception {
        sources();
        Files.writeString(tmp.resolve("home/.npmrc"), "fund=false\nregistry = http://127.0.0.4/npm/\n");
        assertEquals(Optional.of(URI.create("http://127.0.0.4/npm/")), of(Map.of(), Map.of()).npmRegistry());
        assertEquals(Optional.of(URI.create("http://127.0.0.5/")),
                of(Map.of(), Map.of("NPM_CONFIG_REGISTRY", "http://127.0.0.5")).npmRegistry());
        assertEquals(Optional.of(URI.create("http://127.0.0.6/r/")),
                of(Map.of("npm.registry", "http://127.0.0.6/r"), Map.of("NPM_CONFIG_REGISTRY", "http://127.0.0.5")).npmRegistry());
    }

    @Test
    void refusesANonHttpLocationNamingTheSetting() {
        SandboxException e = assertThrows(SandboxException.class,
                () -> of(Map.of("debian.mirror", "ftp://127.0.0.1/x"), Map.of()).debian("bookworm"));
        assertEquals("debian.mirror: not an http(s) location: 'ftp://127.0.0.1/x'", e.oneLine());
    }
}
