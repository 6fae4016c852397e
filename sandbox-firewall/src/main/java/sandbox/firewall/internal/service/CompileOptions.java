package sandbox.firewall.internal.service;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sandbox.api.Project;
import sandbox.api.Settings;
import sandbox.api.UsageException;
import sandbox.firewall.Mode;

/**
 * One compile's inputs, from the command line or the {@link sandbox.api.FirewallService}
 * request: flags win, then settings ({@code firewall.mode} = {@code FIREWALL_MODE},
 * {@code firewall.hosts}, {@code firewall.feeds}; paths relative to the project), then defaults.
 */
public record CompileOptions(Project project, Settings settings, Map<String, String> environment, List<Path> allowlists,
                             boolean includeDefaults, Optional<Path> hostsFile, Optional<Path> feedsDir, Mode mode,
                             Path outDir) {

    public CompileOptions {
        allowlists = List.copyOf(allowlists);
        environment = Map.copyOf(environment);
    }

    public static Mode mode(Optional<String> flag, Settings settings) throws UsageException {
        return Mode.parse(flag.orElse(settings.get("firewall.mode", "strict")));
    }

    public static Optional<Path> setting(Settings settings, String key, Project project) {
        return settings.get(key).filter(s -> !s.isBlank()).map(s -> project.root().resolve(s));
    }
}
