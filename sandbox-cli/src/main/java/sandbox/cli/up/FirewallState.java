package sandbox.cli.up;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The state file the firewall role writes ({@code /run/sandbox/firewall.state}):
 * {@code key=value} lines, at least {@code mode} ({@code strict|permissive|degraded}) and
 * {@code hash} (of what was applied).
 */
public record FirewallState(Map<String, String> values) {

    public static final String PATH = "/run/sandbox/firewall.state";

    public FirewallState {
        values = Map.copyOf(values);
    }

    public static FirewallState parse(String text) {
        Map<String, String> v = new LinkedHashMap<>();
        text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(l -> {
            int eq = l.indexOf('=');
            if (eq > 0) {
                v.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
            }
        });
        return new FirewallState(v);
    }

    public String mode() {
        return values.getOrDefault("mode", "unknown");
    }

    public Optional<String> hash() {
        return Optional.ofNullable(values.get("hash")).filter(h -> !h.isEmpty());
    }

    public Optional<Integer> count(String key) {
        try {
            return Optional.ofNullable(values.get(key)).map(String::strip).map(Integer::parseInt);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public boolean complete() {
        return values.containsKey("mode");
    }
}
