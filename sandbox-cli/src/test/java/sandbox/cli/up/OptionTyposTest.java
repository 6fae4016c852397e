package sandbox.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.Settings;
import sandbox.api.UsageException;

/** A typo in an option of up fails with exit 2 before the running sandbox is touched. */
class OptionTyposTest {

    @TempDir
    Path root;

    private static Settings properties(String key, String value) {
        return Settings.resolve(Map.of(key, value), Map.of());
    }

    private UsageException upFailsUntouched(Settings settings) throws Exception {
        Fakes f = new Fakes(root);
        new UpCommand().run(f.invocation(Settings.empty()));
        f.docker.calls.clear();
        UsageException e = assertThrows(UsageException.class, () -> new UpCommand().run(f.invocation(settings)));
        assertEquals(2, e.exitCode());
        assertEquals(List.of(), f.docker.calls, "nothing may be removed, recreated or even asked before the check");
        assertTrue(f.docker.running.get("claude-code"), "the running sandbox stays up");
        return e;
    }

    @Test
    void unknownCapabilityFailsBeforeAnyContainerIsTouched() throws Exception {
        UsageException e = upFailsUntouched(properties("firewall.capabilities", "NET_ADMN,NET_RAW"));
        assertEquals("setting firewall.capabilities (config/sandbox.properties): unknown capability 'NET_ADMN'"
                + " (hint: did you mean NET_ADMIN? names as in capabilities(7), e.g. NET_ADMIN,NET_RAW)", e.oneLine());
    }

    @Test
    void capabilityNamesMayCarryTheirPrefixInAnyCase() throws Exception {
        Fakes f = new Fakes(root);
        Settings s = properties("firewall.capabilities", "cap_net_admin,NET_RAW");
        assertEquals(List.of("cap_net_admin", "NET_RAW"), UpOptions.resolve(s, f.invocation(s).project()).firewallCapabilities());
    }

    @Test
    void unknownRestartPolicyFailsBeforeAnyContainerIsTouched() throws Exception {
        UsageException e = upFailsUntouched(properties("restart.policy", "unless-stoped"));
        assertEquals("setting restart.policy (config/sandbox.properties): unknown restart policy 'unless-stoped'"
                + " (hint: did you mean unless-stopped? one of no, always, unless-stopped, on-failure[:N])", e.oneLine());
    }

    @Test
    void aYesNoSettingThatIsNeitherIsATypoNotFalse() throws Exception {
        UsageException e = upFailsUntouched(Settings.resolve(Map.of(), Map.of("SANDBOX_FIREWALL_REQUIRE", "ture")));
        assertEquals("setting firewall.require (from the environment): 'ture' is neither true nor false"
                + " (hint: write true or false)", e.oneLine());
    }

    @Test
    void unknownRuntimeIsAUsageError() throws Exception {
        UsageException e = upFailsUntouched(properties("runtime", "dokcer"));
        assertEquals("setting runtime (config/sandbox.properties): unknown container runtime 'dokcer' (hint: docker or podman)",
                e.oneLine());
    }
}
