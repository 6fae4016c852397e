package sandbox.secrets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret value that does not print itself: {@link #toString()} is a mask, so a secret
 * that slips into a log line, an exception message or a debugger shows nothing.
 * {@link #reveal()} is the one explicit way to the text.
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The text itself, for the one place that must hand it on (a file, a process's stdin). */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        // Constant time, so comparing passwords leaks no prefix length.
        return o instanceof Secret s && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), s.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return 0; // a hash of the value would be a (weak) leak
    }

    @Override
    public String toString() {
        return "********";
    }
}
