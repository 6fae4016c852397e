package sandbox.firewall.internal.index;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sandbox.api.Settings;
import sandbox.firewall.PackageIndexes.Location;

/**
 * The Python package index(es) configured on this machine: index-url and extra-index-url
 * from the first place that sets index-url, in pip's order (sandbox's setting first).
 */
public final class PipConfig {

    private PipConfig() {
    }

    public static List<Location> indexes(Map<String, String> env, Settings settings, List<Path> globalFiles) {
        Optional<String> setting = settings.get("pip.index").filter(s -> !s.isBlank());
        if (setting.isPresent()) {
            return located(List.of(setting.get()), "setting pip.index (SANDBOX_PIP_INDEX)");
        }
        String fromEnv = env.get("PIP_INDEX_URL");
        if (fromEnv != null && !fromEnv.isBlank()) {
            List<String> urls = new ArrayList<>(List.of(fromEnv));
            Optional.ofNullable(env.get("PIP_EXTRA_INDEX_URL")).ifPresent(x -> urls.addAll(List.of(x.trim().split("\\s+"))));
            return located(urls, "PIP_INDEX_URL");
        }
        List<Path> files = new ArrayList<>();
        Optional.ofNullable(env.get("PIP_CONFIG_FILE")).filter(s -> !s.isBlank()).map(Path::of).ifPresent(files::add);
        Optional<Path> home = ConfigFiles.home(env);
        Optional.ofNullable(env.get("XDG_CONFIG_HOME")).filter(s -> !s.isBlank()).map(Path::of)
                .or(() -> home.map(h -> h.resolve(".config"))).ifPresent(d -> files.add(d.resolve("pip/pip.conf")));
        home.ifPresent(h -> files.add(h.resolve(".pip/pip.conf")));
        files.addAll(globalFiles);
        for (Path file : files) {
            Map<String, List<String>> values = read(file);
            if (values.containsKey("index-url")) {
                List<String> urls = new ArrayList<>(values.get("index-url"));
                urls.addAll(values.getOrDefault("extra-index-url", List.of()));
                return located(urls, file.toString());
            }
        }
        return List.of();
    }

    /** index-url / extra-index-url from [global] or [install], with indented continuation lines. */
    private static Map<String, List<String>> read(Path file) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String section = "";
        String key = null;
        for (String raw : ConfigFiles.lines(file)) {
            String t = raw.trim();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith(";")) {
                continue;
            }
            if (t.startsWith("[") && t.endsWith("]")) {
                section = t.substring(1, t.length() - 1).trim();
                key = null;
                continue;
            }
            boolean relevant = section.equals("global") || section.equals("install");
            if (Character.isWhitespace(raw.charAt(0)) && key != null) {
                out.get(key).addAll(List.of(t.split("\\s+")));
                continue;
            }
            int eq = t.indexOf('=');
            key = null;
            if (relevant && eq > 0) {
                String k = t.substring(0, eq).trim().replace('_', '-');
                if (k.equals("index-url") || k.equals("extra-index-url")) {
                    key = k;
                    String v = t.substring(eq + 1).trim();
                    out.put(k, new ArrayList<>(v.isEmpty() ? List.of() : List.of(v.split("\\s+"))));
                }
            }
        }
        return out;
    }

    private static List<Location> located(List<String> urls, String origin) {
        List<Location> out = new ArrayList<>();
        for (String u : urls) {
            ConfigFiles.host(u).filter(h -> out.stream().noneMatch(l -> l.host().equals(h)))
                    .ifPresent(h -> out.add(new Location(h, origin)));
        }
        return out;
    }
}
