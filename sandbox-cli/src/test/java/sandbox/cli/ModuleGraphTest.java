package sandbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The module graph is the architecture (DESIGN.md): these rules keep it from rotting. */
class ModuleGraphTest {

    static final List<String> PROVIDERS = List.of("sandbox.firewall", "sandbox.secrets", "sandbox.image");
    static final List<String> OURS = List.of("sandbox.api", "sandbox.firewall", "sandbox.secrets", "sandbox.image",
            "sandbox.cli");

    private static ModuleDescriptor descriptor(String name) {
        return ModuleLayer.boot().findModule(name)
                .orElseThrow(() -> new AssertionError(name + " is not on the module path"))
                .getDescriptor();
    }

    private static Set<String> requires(String module) {
        return descriptor(module).requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
    }

    @Test
    void apiRequiresNothingButTheJdk() {
        for (String r : requires("sandbox.api")) {
            assertTrue(r.startsWith("java."), "sandbox.api must not require " + r);
        }
    }

    @Test
    void nothingRequiresTheCli() {
        ModuleLayer.boot().modules().forEach(m -> assertFalse(
                m.getDescriptor() != null && requires(m.getName()).contains("sandbox.cli"),
                m.getName() + " requires sandbox.cli"));
    }

    @Test
    void cliRequiresNoProvider() {
        Set<String> r = requires("sandbox.cli");
        assertTrue(r.contains("sandbox.api"));
        for (String p : PROVIDERS) {
            assertFalse(r.contains(p), "sandbox.cli must reach " + p + " only through ServiceLoader");
        }
        assertTrue(descriptor("sandbox.cli").uses().contains("sandbox.api.Command"));
    }

    @Test
    void providersRequireTheApiProvideCommandsAndNoOtherProvider() {
        for (String p : PROVIDERS) {
            Set<String> r = requires(p);
            assertTrue(r.contains("sandbox.api"), p + " requires sandbox.api");
            for (String other : OURS) {
                if (!other.equals("sandbox.api")) {
                    assertFalse(r.contains(other), p + " must not require " + other);
                }
            }
            boolean providesCommand = descriptor(p).provides().stream()
                    .anyMatch(x -> x.service().equals("sandbox.api.Command"));
            assertTrue(providesCommand, p + " provides at least one sandbox.api.Command");
        }
    }

    @Test
    void eachProviderExportsExactlyItsOneApiPackage() {
        for (String p : PROVIDERS) {
            Set<String> exported = descriptor(p).exports().stream().map(ModuleDescriptor.Exports::source)
                    .collect(Collectors.toSet());
            assertEquals(Set.of(p), exported, p + " exports only its API package");
            assertTrue(descriptor(p).opens().isEmpty() || descriptor(p).opens().stream()
                    .allMatch(o -> o.isQualified()), p + " opens nothing unqualified");
        }
    }

    @Test
    void theCliExportsNothing() {
        assertTrue(descriptor("sandbox.cli").exports().isEmpty());
    }
}
