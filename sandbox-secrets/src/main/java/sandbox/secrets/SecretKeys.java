package sandbox.secrets;

import java.util.List;

/** The keys the secret env file holds, in the order they are written. */
public final class SecretKeys {

    /** For the Postgres sidecar's entrypoint. */
    public static final List<String> SIDECAR = List.of("POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB");

    /** For clients inside the sandbox (libpq variables and a URL). */
    public static final List<String> CLIENT = List.of("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE",
            "DATABASE_URL");

    /** Keys whose values are secret and are masked by {@code secrets show}. */
    public static final List<String> SECRET = List.of("POSTGRES_PASSWORD", "PGPASSWORD", "DATABASE_URL");

    private SecretKeys() {
    }

    public static List<String> all() {
        return java.util.stream.Stream.concat(SIDECAR.stream(), CLIENT.stream()).toList();
    }
}
