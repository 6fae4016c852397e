package sandbox.secrets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parsed secret file: keys in file order and their values. {@link #toString()} lists
 * keys only; values leave through {@link #get}, {@link #password()} or {@link #masked()}.
 */
public final class SecretEnv {

    private final Map<String, String> values;

    private SecretEnv(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Keys in iteration order of {@code values}. */
    public static SecretEnv of(Map<String, String> values) {
        return new SecretEnv(values);
    }

    public List<String> keys() {
        return List.copyOf(values.keySet());
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** A value by key, as written in the file (quotes removed). */
    public Optional<Secret> get(String key) {
        return Optional.ofNullable(values.get(key)).map(Secret::of);
    }

    /** The role's password ({@code POSTGRES_PASSWORD}, else {@code PGPASSWORD}). */
    public Secret password() {
        return get("POSTGRES_PASSWORD").or(() -> get("PGPASSWORD")).orElseThrow(
                () -> new IllegalStateException("the secret file has no POSTGRES_PASSWORD"));
    }

    /** The role ({@code POSTGRES_USER}, else {@code PGUSER}); not secret. */
    public String user() {
        return plain("POSTGRES_USER").or(() -> plain("PGUSER")).orElse(Database.DEFAULT_USER);
    }

    /** The database ({@code POSTGRES_DB}, else {@code PGDATABASE}); not secret. */
    public String database() {
        return plain("POSTGRES_DB").or(() -> plain("PGDATABASE")).orElse(Database.DEFAULT_NAME);
    }

    /**
     * Each key with its value, or a mask for keys that hold or may hold a secret: the
     * known secret keys and any key this tool does not know.
     */
    public List<String> masked() {
        List<String> lines = new ArrayList<>();
        values.forEach((k, v) -> lines.add(k + "=" + (isPlain(k) ? v : "********")));
        return List.copyOf(lines);
    }

    /** True for keys whose values are not secret (user, host, port, database). */
    public static boolean isPlain(String key) {
        return SecretKeys.all().contains(key) && !SecretKeys.SECRET.contains(key);
    }

    private Optional<String> plain(String key) {
        return isPlain(key) ? Optional.ofNullable(values.get(key)) : Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretEnv e && e.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.keySet().hashCode();
    }

    @Override
    public String toString() {
        return "SecretEnv" + values.keySet();
    }
}
