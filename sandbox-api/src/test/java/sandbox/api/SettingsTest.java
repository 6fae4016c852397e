package sandbox.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void environmentOverridesPropertiesAndFlagOverridesBoth() {
        Settings s = Settings.resolve(Map.of("firewall.mode", "permissive", "npm.registry", "from-file"),
                Map.of("FIREWALL_MODE", "strict"));
        assertEquals("strict", s.get("firewall.mode", "x"));
        assertEquals(Optional.of(Settings.Origin.ENVIRONMENT), s.origin("firewall.mode"));
        assertEquals("from-file", s.get("npm.registry", "x"));
        Settings flagged = s.with("firewall.mode", "permissive");
        assertEquals("permissive", flagged.get("firewall.mode", "x"));
        assertEquals(Optional.of(Settings.Origin.FLAG), flagged.origin("firewall.mode"));
        assertEquals("strict", s.get("firewall.mode", "x"), "the original value is unchanged");
    }

    @Test
    void mapsSandboxPrefixedEnvironmentToDottedKeys() {
        assertEquals(Optional.of("npm.registry"), Settings.keyForEnvironment("SANDBOX_NPM_REGISTRY"));
        assertEquals(Optional.of("tz"), Settings.keyForEnvironment("TZ"));
        assertEquals(Optional.empty(), Settings.keyForEnvironment("SANDBOX_"));
        assertEquals(Optional.empty(), Settings.keyForEnvironment("HOME"));
    }

    @Test
    void listsAndFlagsParse() {
        Settings s = Settings.resolve(Map.of("a", " x, ,y ", "b", "yes"), Map.of());
        assertEquals(List.of("x", "y"), s.list("a"));
        assertEquals(true, s.flag("b", false));
        assertEquals(true, s.flag("missing", true));
    }

    @Test
    void toStringShowsKeysNotValues() {
        Settings s = Settings.resolve(Map.of("github.token", "ghp_secretvalue"), Map.of());
        assertFalse(s.toString().contains("ghp_secretvalue"));
    }

    @Test
    void loadsTheProjectsPropertiesUnderTheEnvironment(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("config"));
        java.nio.file.Files.writeString(dir.resolve("config/sandbox.properties"), "a=from-file\nfirewall.mode=permissive\n");
        Settings s = Settings.load(new Project(dir), Map.of("FIREWALL_MODE", "strict"));
        assertEquals("from-file", s.get("a", "x"));
        assertEquals("strict", s.get("firewall.mode", "x"));
    }

    @Test
    void aBrokenPropertiesFileIsOneLineWithWhere(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("config"));
        java.nio.file.Files.writeString(dir.resolve("config/sandbox.properties"), "a=\\u12\n");
        SandboxException e = org.junit.jupiter.api.Assertions.assertThrows(SandboxException.class,
                () -> Settings.load(new Project(dir), Map.of()));
        assertEquals(java.util.Optional.of("config/sandbox.properties"), e.where());
    }
}
