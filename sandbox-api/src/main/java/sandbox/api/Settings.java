package sandbox.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Settings resolved once into an immutable value. Keys are dotted lower case
 * ({@code firewall.mode}). Precedence, highest first: command-line flag ({@link #with}) >
 * environment ({@code FIREWALL_MODE}, {@code TZ}, {@code SANDBOX_*}) >
 * {@code config/sandbox.properties} > built-in defaults (supplied by each reader).
 */
public final class Settings {

    /** Where a value came from, for {@code doctor} and error messages. */
    public enum Origin { FLAG, ENVIRONMENT, PROPERTIES }

    private record Value(String text, Origin origin) { }

    private final Map<String, Value> values;

    private Settings(Map<String, Value> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    public static Settings empty() {
        return new Settings(Map.of());
    }

    /**
     * Layers the environment over the properties file.
     * {@code SANDBOX_NPM_REGISTRY} becomes {@code npm.registry}; {@code FIREWALL_MODE}
     * becomes {@code firewall.mode}; {@code TZ} becomes {@code tz}.
     */
    public static Settings resolve(Map<String, String> properties, Map<String, String> environment) {
        Map<String, Value> merged = new LinkedHashMap<>();
        properties.forEach((k, v) -> merged.put(k.trim(), new Value(v.trim(), Origin.PROPERTIES)));
        environment.forEach((name, v) -> keyForEnvironment(name)
                .ifPresent(key -> merged.put(key, new Value(v, Origin.ENVIRONMENT))));
        return new Settings(merged);
    }

    static Optional<String> keyForEnvironment(String name) {
        if (name.equals("FIREWALL_MODE")) {
            return Optional.of("firewall.mode");
        }
        if (name.equals("TZ")) {
            return Optional.of("tz");
        }
        if (name.startsWith("SANDBOX_") && name.length() > "SANDBOX_".length()) {
            return Optional.of(name.substring("SANDBOX_".length()).toLowerCase(Locale.ROOT).replace('_', '.'));
        }
        return Optional.empty();
    }

    /**
     * The project's settings: the environment over {@code config/sandbox.properties} (when
     * present). Flags go on top with {@link #with}.
     */
    public static Settings load(Project project, Map<String, String> environment) throws SandboxException {
        Map<String, String> properties = new LinkedHashMap<>();
        java.nio.file.Path file = project.properties();
        if (java.nio.file.Files.isRegularFile(file)) {
            java.util.Properties p = new java.util.Properties();
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
                p.load(in);
            } catch (java.io.IOException | IllegalArgumentException e) {
                throw new SandboxException("cannot read settings: " + e.getMessage(), project.display(file),
                        "fix the file; it uses java.util.Properties syntax (key=value)", e);
            }
            p.stringPropertyNames().forEach(k -> properties.put(k, p.getProperty(k)));
        }
        return resolve(properties, environment);
    }

    /** A copy with a command-line flag's value on top. */
    public Settings with(String key, String value) {
        Map<String, Value> copy = new LinkedHashMap<>(values);
        copy.put(key, new Value(value, Origin.FLAG));
        return new Settings(copy);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key)).map(Value::text);
    }

    public String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    public boolean flag(String key, boolean defaultValue) {
        return get(key).map(v -> v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes"))
                .orElse(defaultValue);
    }

    /** Comma-separated list setting, blanks dropped. */
    public List<String> list(String key) {
        List<String> out = new ArrayList<>();
        get(key).ifPresent(v -> {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        });
        return List.copyOf(out);
    }

    public Optional<Origin> origin(String key) {
        return Optional.ofNullable(values.get(key)).map(Value::origin);
    }

    public java.util.Set<String> keys() {
        return values.keySet();
    }

    @Override
    public String toString() {
        // Keys only: a setting may hold a token.
        return "Settings" + values.keySet();
    }
}
