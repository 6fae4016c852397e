package sandbox.image.internal.deb;

import java.util.Objects;
import sandbox.api.SandboxException;

/**
 * A Debian version {@code [epoch:]upstream[-revision]} ordered as Debian policy 5.6.12 says
 * (the algorithm of dpkg's {@code verrevcmp}): digits compare numerically, everything else
 * character by character with letters before non-letters and {@code ~} before everything,
 * even the end of the string.
 */
public record DebVersion(int epoch, String upstream, String revision) implements Comparable<DebVersion> {

    public DebVersion {
        Objects.requireNonNull(upstream);
        Objects.requireNonNull(revision);
    }

    public static DebVersion parse(String text) throws SandboxException {
        String v = text.trim();
        int epoch = 0;
        int colon = v.indexOf(':');
        if (colon >= 0) {
            try {
                epoch = Integer.parseInt(v.substring(0, colon));
            } catch (NumberFormatException e) {
                throw new SandboxException("bad epoch in Debian version '" + text + "'");
            }
            v = v.substring(colon + 1);
        }
        int dash = v.lastIndexOf('-');
        String upstream = dash >= 0 ? v.substring(0, dash) : v;
        String revision = dash >= 0 ? v.substring(dash + 1) : "";
        if (upstream.isEmpty() || !isDigit(upstream.charAt(0))) {
            throw new SandboxException("Debian version '" + text + "' must start with a digit");
        }
        return new DebVersion(epoch, upstream, revision);
    }

    @Override
    public int compareTo(DebVersion o) {
        if (epoch != o.epoch) {
            return Integer.compare(epoch, o.epoch);
        }
        int c = compareParts(upstream, o.upstream);
        return c != 0 ? c : compareParts(revision, o.revision);
    }

    /** The weight of one character in a non-digit run; 0 for a digit or the end of the string. */
    private static int order(char c) {
        if (c >= '0' && c <= '9') {
            return 0;
        }
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            return c;
        }
        if (c == '~') {
            return -1;
        }
        return c + 256;
    }

    static int compareParts(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            int firstDiff = 0;
            while ((i < a.length() && !isDigit(a.charAt(i)))
                    || (j < b.length() && !isDigit(b.charAt(j)))) {
                int ac = i < a.length() ? order(a.charAt(i)) : 0;
                int bc = j < b.length() ? order(b.charAt(j)) : 0;
                if (ac != bc) {
                    return Integer.compare(ac, bc);
                }
                i++;
                j++;
            }
            while (i < a.length() && a.charAt(i) == '0') {
                i++;
            }
            while (j < b.length() && b.charAt(j) == '0') {
                j++;
            }
            while (i < a.length() && isDigit(a.charAt(i))
                    && j < b.length() && isDigit(b.charAt(j))) {
                if (firstDiff == 0) {
                    firstDiff = a.charAt(i) - b.charAt(j);
                }
                i++;
                j++;
            }
            if (i < a.length() && isDigit(a.charAt(i))) {
                return 1;
            }
            if (j < b.length() && isDigit(b.charAt(j))) {
                return -1;
            }
            if (firstDiff != 0) {
                return Integer.signum(firstDiff);
            }
        }
        return 0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    @Override
    public String toString() {
        return (epoch > 0 ? epoch + ":" : "") + upstream + (revision.isEmpty() ? "" : "-" + revision);
    }
}
