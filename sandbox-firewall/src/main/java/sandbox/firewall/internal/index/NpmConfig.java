package sandbox.firewall.internal.index;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sandbox.api.Settings;
import sandbox.firewall.PackageIndexes.Location;

/** The npm registry configured on this machine, in npm's own order of precedence (sandbox's setting first). */
public final class NpmConfig {

    private NpmConfig() {
    }

    public static Optional<Location> registry(Map<String, String> env, Settings settings, Path projectRoot) {
        Optional<String> setting = settings.get("npm.registry").filter(s -> !s.isBlank());
        if (setting.isPresent()) {
            return located(setting.get(), "setting npm.registry (SANDBOX_NPM_REGISTRY)");
        }
        for (String name : List.of("NPM_CONFIG_REGISTRY", "npm_config_registry")) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                return located(v, name);
            }
        }
        List<Path> files = new ArrayList<>();
        files.add(projectRoot.resolve(".npmrc"));
        Optional.ofNullable(env.get("NPM_CONFIG_USERCONFIG")).filter(s -> !s.isBlank()).map(Path::of)
                .or(() -> ConfigFiles.home(env).map(h -> h.resolve(".npmrc"))).ifPresent(files::add);
        Optional.ofNullable(env.get("NPM_CONFIG_GLOBALCONFIG")).filter(s -> !s.isBlank()).map(Path::of).ifPresent(files::add);
        for (Path file : files) {
            for (String line : ConfigFiles.lines(file)) {
                String t = line.trim();
                if (t.startsWith("#") || t.startsWith(";")) {
                    continue;
                }
                int eq = t.indexOf('=');
                if (eq > 0 && t.substring(0, eq).trim().equals("registry")) {
                    return located(ConfigFiles.expand(ConfigFiles.unquote(t.substring(eq + 1)), env), file.toString());
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Location> located(String url, String origin) {
        return ConfigFiles.host(url).map(h -> new Location(h, origin));
    }
}
