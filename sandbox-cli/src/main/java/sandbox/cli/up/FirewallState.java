package sandbox.cli.up;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The state file the firewall role writes ({@code /run/sandbox/firewall.state}):
 * {@code key=value} lines, at least {@code mode} ({@code strict|permissive|degraded}) and
 * {@code hash} (of what was applied); read together with the network namespace's mark
 * ({@code sandbox-firewall:MODE:HASH}, lo's alias), which the apply sets last and which a
 * new namespace lacks. A state file whose mark is missing or different describes an earlier
 * namespace (the container restarted, e.g. with the daemon) or an apply still running.
 */
public record FirewallState(Map<String, String> values) {

    public static final String PATH = "/run/sandbox/firewall.state";
    /** lo's alias as any process in the namespace reads it, without privileges. */
    public static final String MARK_PATH = "/sys/class/net/lo/ifalias";
    static final String MARK_PREFIX = "sandbox-firewall:";

    public FirewallState {
        values = Map.copyOf(values);
    }

    public static FirewallState parse(String text) {
        Map<String, String> v = new LinkedHashMap<>();
        text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(l -> {
            if (l.startsWith(MARK_PREFIX)) {
                v.put("mark", l);
                return;
            }
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
        // A degraded apply records hash=none: nothing was applied to compare.
        return Optional.ofNullable(values.get("hash")).filter(h -> !h.isEmpty() && !h.equals("none"));
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

    /** The namespace's mark, when one was read. */
    public Optional<String> mark() {
        return Optional.ofNullable(values.get("mark"));
    }

    /**
     * The state describes the namespace the container lives in now: its mark names the same
     * mode and hash. A degraded state needs none (without NET_ADMIN nothing can be marked, and
     * it claims no protection).
     */
    public boolean current() {
        String mode = values.get("mode");
        return mode != null && (mode.equals("degraded")
                || mark().equals(Optional.of(MARK_PREFIX + mode + ":" + values.getOrDefault("hash", ""))));
    }
}
