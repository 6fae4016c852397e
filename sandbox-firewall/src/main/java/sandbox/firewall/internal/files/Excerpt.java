package sandbox.firewall.internal.files;

/**
 * User text echoed in a message: quoted, control and formatting characters escaped (a file
 * must not drive the terminal that shows its errors), and cut to a short excerpt with an
 * ellipsis so one bad line never floods the screen. Columns in messages still count the
 * raw file.
 */
public final class Excerpt {

    /** Characters of the text shown before the ellipsis. */
    public static final int MAX_CHARS = 64;

    private Excerpt() {
    }

    /** {@code 'text'}, escaped and capped. */
    public static String quote(String text) {
        return "'" + of(text) + "'";
    }

    public static String quote(char c) {
        return quote(String.valueOf(c));
    }

    /**
     * The text escaped and capped, without quotes. Text after an {@code =} is never shown: no
     * allowlist or hosts entry has one, while a {@code KEY=VALUE} line (a secret file passed by
     * mistake, under any name) would carry a password into the terminal and logs.
     */
    public static String of(String text) {
        int eq = text.indexOf('=');
        if (eq >= 0 && eq < text.length() - 1) {
            return of(text.substring(0, eq + 1)) + "… (value not shown)";
        }
        StringBuilder b = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < text.length(); ) {
            if (shown == MAX_CHARS) {
                return b.append('…').toString();
            }
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            shown++;
            if (needsEscape(cp)) {
                b.append(cp <= 0xff ? String.format(java.util.Locale.ROOT, "\\x%02x", cp) : String.format(java.util.Locale.ROOT, "\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        }
        return b.toString();
    }

    private static boolean needsEscape(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE;
    }
}
