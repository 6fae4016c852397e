package sandbox.secrets.internal;

import sandbox.api.SandboxException;
import sandbox.api.Settings;
import sandbox.secrets.Database;

/** The settings that describe the sidecar's database ({@code db.*}). */
public final class DatabaseSettings {

    /** The sidecar container's name; also its host name on the sandbox network. */
    public static final String CONTAINER = "db.container";

    private DatabaseSettings() {
    }

    /**
     * {@code db.container}, else {@code <container.prefix>-db} (the name {@code up} gives the
     * sidecar), else {@code claude-db}.
     */
    public static String container(Settings settings) {
        return settings.get(CONTAINER)
                .or(() -> settings.get("container.prefix").map(p -> p.trim() + "-db"))
                .orElse(Database.DEFAULT_HOST);
    }

    public static Database database(Settings settings) throws SandboxException {
        String port = settings.get("db.port", Integer.toString(Database.DEFAULT_PORT));
        try {
            return new Database(settings.get("db.user", Database.DEFAULT_USER), settings.get("db.name", Database.DEFAULT_NAME),
                    container(settings), Integer.parseInt(port));
        } catch (IllegalArgumentException e) {
            throw new SandboxException("invalid db.* setting: " + e.getMessage(), "config/sandbox.properties",
                    "fix the setting or its SANDBOX_DB_* environment variable", e);
        }
    }
}
