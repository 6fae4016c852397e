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
}
