package sandbox.firewall;

import java.util.Locale;
import java.util.Optional;

/**
 * Something a compile or check has to say about the input: an error (nothing is compiled),
 * a warning (compiled, but look) or a note (compiled as asked; for your information).
 * {@code source} is the file as the user sees it, or a feed's name; {@code line} and
 * {@code column} are 0 when there is none.
 */
public record Diagnostic(Severity severity, String source, int line, int column, String message,
                         Optional<String> hint) {

    public enum Severity { ERROR, WARNING, NOTE }

    public static Diagnostic at(Severity severity, Source where, String message) {
        return new Diagnostic(severity, where.file().toString(), where.line(), where.column(), message, Optional.empty());
    }

    public static Diagnostic at(Severity severity, Source where, String message, String hint) {
        return new Diagnostic(severity, where.file().toString(), where.line(), where.column(), message, Optional.of(hint));
    }

    public static Diagnostic of(Severity severity, String source, String message) {
        return new Diagnostic(severity, source, 0, 0, message, Optional.empty());
    }

    public static Diagnostic of(Severity severity, String source, String message, String hint) {
        return new Diagnostic(severity, source, 0, 0, message, Optional.of(hint));
    }

    /** One line for a terminal: {@code source:line:column: warning: message (hint: …)}. */
    public String oneLine() {
        return where() + severity.name().toLowerCase(Locale.ROOT) + ": " + describe();
    }

    /** Without the severity, for a console that labels it itself: {@code source:line:column: message (hint: …)}. */
    public String located() {
        return where() + describe();
    }

    private String where() {
        StringBuilder b = new StringBuilder(source);
        if (line > 0) {
            b.append(':').append(line);
            if (column > 0) {
                b.append(':').append(column);
            }
        }
        return b.append(": ").toString();
    }

    private String describe() {
        return message + hint.map(h -> " (hint: " + h + ")").orElse("");
    }
}
