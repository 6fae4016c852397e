package sandbox.api;

import java.util.Optional;

/**
 * A failure a user can cause or fix: a bad file, a missing daemon, a permission. The CLI
 * prints {@link #getMessage()} as one line (prefixed by {@link #where()} when known) plus
 * the hint, and exits 1. The message never contains a secret value.
 */
public class SandboxException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String where;
    private final String hint;

    public SandboxException(String message) {
        this(message, null, null, null);
    }

    public SandboxException(String message, Throwable cause) {
        this(message, null, null, cause);
    }

    /**
     * @param where e.g. {@code config/extra-allowlist.txt:7:1}, or null
     * @param hint what to do about it, or null
     */
    public SandboxException(String message, String where, String hint, Throwable cause) {
        super(message, cause);
        this.where = where;
        this.hint = hint;
    }

    public Optional<String> where() {
        return Optional.ofNullable(where);
    }

    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }

    /** Exit code for the CLI: 1 for failures; {@link UsageException} overrides with 2. */
    public int exitCode() {
        return 1;
    }

    /** The one line the CLI prints after {@code sandbox: }. */
    public String oneLine() {
        StringBuilder line = new StringBuilder();
        where().ifPresent(w -> line.append(w).append(": "));
        line.append(getMessage());
        hint().ifPresent(h -> line.append(" (hint: ").append(h).append(')'));
        return line.toString();
    }
}
