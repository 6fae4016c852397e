package sandbox.secrets;

import java.util.regex.Pattern;

/**
 * Who the sidecar's database is for: role, database name, and where clients reach it
 * ({@code host} is the sidecar container's name on the sandbox network).
 */
public record Database(String user, String name, String host, int port) {

    public static final String DEFAULT_USER = "sandbox";
    public static final String DEFAULT_NAME = "sandbox";
    /** The sidecar container's name, which is also its host name on the sandbox network. */
    public static final String DEFAULT_HOST = "claude-db";
    public static final int DEFAULT_PORT = 5432;

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,252}");

    public Database {
        if (!IDENTIFIER.matcher(user).matches()) {
            throw new IllegalArgumentException("database user '" + user + "' must match " + IDENTIFIER);
        }
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("database name '" + name + "' must match " + IDENTIFIER);
        }
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("database host '" + host + "' must match " + HOST);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("database port " + port + " is not in 1..65535");
        }
    }

    public static Database defaults() {
        return new Database(DEFAULT_USER, DEFAULT_NAME, DEFAULT_HOST, DEFAULT_PORT);
    }

    public Database withHost(String newHost) {
        return new Database(user, name, newHost, port);
    }
}
