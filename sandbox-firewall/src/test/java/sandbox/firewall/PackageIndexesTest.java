package sandbox.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.Settings;
import sandbox.firewall.PackageIndexes.Location;
import sandbox.firewall.internal.index.NpmConfig;
import sandbox.firewall.internal.index.PipConfig;

/** Registry hosts come from configuration only; these tests use made-up hosts. */
class PackageIndexesTest {

    @TempDir
    Path dir;

    private Map<String, String> home() {
        return Map.of("HOME", dir.resolve("home").toString());
    }

    @Test
    void npmSettingWinsOverEverything() throws Exception {
        Files.writeString(dir.resolve(".npmrc"), "registry=https://project.npm.test/\n");
        Settings s = Settings.resolve(Map.of(), Map.of("SANDBOX_NPM_REGISTRY", "https://Setting.NPM.test/npm/"));
        assertEquals(new Location("setting.npm.test", "setting npm.registry (SANDBOX_NPM_REGISTRY)"),
                NpmConfig.registry(Map.of("NPM_CONFIG_REGISTRY", "https://env.npm.test/"), s, dir).orElseThrow());
    }

    @Test
    void npmEnvironmentThenProjectThenUserNpmrc() throws Exception {
        Files.createDirectories(dir.resolve("home"));
        Files.writeString(dir.resolve("home/.npmrc"), "registry=https://user.npm.test/\n");
        assertEquals("env.npm.test", NpmConfig.registry(Map.of("NPM_CONFIG_REGISTRY", "https://env.npm.test/", "HOME",
                dir.resolve("home").toString()), Settings.empty(), dir).orElseThrow().host());
        assertEquals("user.npm.test", NpmConfig.registry(home(), Settings.empty(), dir).orElseThrow().host());
        Files.writeString(dir.resolve(".npmrc"), "# project\n@scope:registry=https://scoped.npm.test/\n"
                + "registry = \"https://${NPM_HOST}/r/\"\n");
        Map<String, String> env = Map.of("HOME", dir.resolve("home").toString(), "NPM_HOST", "project.npm.test");
        assertEquals(new Location("project.npm.test", dir.resolve(".npmrc").toString()),
                NpmConfig.registry(env, Settings.empty(), dir).orElseThrow());
    }

    @Test
    void npmUnconfiguredIsEmpty() {
        assertEquals(java.util.Optional.empty(), NpmConfig.registry(home(), Settings.empty(), dir));
    }

    @Test
    void pipFromEnvironmentWithExtraIndexes() {
        assertEquals(List.of("a.pip.test", "b.pip.test"), PipConfig.indexes(Map.of("PIP_INDEX_URL", "https://a.pip.test/simple",
                "PIP_EXTRA_INDEX_URL", "https://b.pip.test/simple https://a.pip.test/other"), Settings.empty(), List.of())
                .stream().map(Location::host).toList());
    }

    @Test
    void pipFromUserConfigWithContinuationLines() throws Exception {
        Path conf = Files.createDirectories(dir.resolve("home/.config/pip")).resolve("pip.conf");
        Files.writeString(conf, "[global]\ntimeout = 60\nindex-url = https://user.pip.test/simple\n"
                + "extra-index-url =\n    https://x.pip.test/simple\n    https://y.pip.test/simple\n[other]\nindex-url = https://no.test/\n");
        assertEquals(List.of("user.pip.test", "x.pip.test", "y.pip.test"),
                PipConfig.indexes(home(), Settings.empty(), List.of()).stream().map(Location::host).toList());
    }

    @Test
    void pipGlobalFileIsTheLastResortAndSettingTheFirst() throws Exception {
        Path global = Files.writeString(dir.resolve("pip.conf"), "[install]\nindex_url=https://global.pip.test/\n");
        assertEquals("global.pip.test", PipConfig.indexes(home(), Settings.empty(), List.of(global)).get(0).host());
        Settings s = Settings.resolve(Map.of("pip.index", "https://props.pip.test/"), Map.of());
        assertEquals("props.pip.test", PipConfig.indexes(home(), s, List.of(global)).get(0).host());
        assertEquals(List.of(), PipConfig.indexes(home(), Settings.empty(), List.of()));
    }
}
