package sandbox.firewall;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sandbox.api.Settings;
import sandbox.firewall.internal.index.NpmConfig;
import sandbox.firewall.internal.index.PipConfig;

/**
 * The package indexes configured on this machine, for {@code @npm-registry} and
 * {@code @pip-index}. Project rule: no registry host name is written in sandbox; it always
 * comes from the user's configuration, and an unconfigured index is a warning.
 */
public record PackageIndexes(List<Location> npm, List<Location> pip) {

    /** A configured index host and where the setting was found (for messages and {@code explain}). */
    public record Location(String host, String origin) { }

    public PackageIndexes {
        npm = List.copyOf(npm);
        pip = List.copyOf(pip);
    }

    public static PackageIndexes none() {
        return new PackageIndexes(List.of(), List.of());
    }

    /**
     * Reads npm's configuration ({@code npm.registry} setting = {@code SANDBOX_NPM_REGISTRY},
     * {@code NPM_CONFIG_REGISTRY}, the project's then the user's {@code .npmrc}) and pip's
     * ({@code pip.index} setting = {@code SANDBOX_PIP_INDEX}, {@code PIP_INDEX_URL},
     * {@code PIP_CONFIG_FILE}, the user's then the global {@code pip.conf}).
     *
     * @param environment the process environment (HOME, NPM_CONFIG_*, PIP_*, XDG_*)
     */
    public static PackageIndexes fromMachine(Map<String, String> environment, Settings settings, Path projectRoot) {
        return new PackageIndexes(NpmConfig.registry(environment, settings, projectRoot).stream().toList(),
                PipConfig.indexes(environment, settings, List.of(Path.of("/etc/pip.conf"))));
    }

    public Optional<Location> npmRegistry() {
        return npm.stream().findFirst();
    }
}
