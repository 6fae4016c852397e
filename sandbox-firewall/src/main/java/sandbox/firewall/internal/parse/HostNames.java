package sandbox.firewall.internal.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import sandbox.firewall.AllowlistEntry;
import sandbox.firewall.AllowlistSyntaxException.Kind;
import sandbox.firewall.AllowlistSyntaxException;
import sandbox.firewall.Diagnostic;
import sandbox.firewall.Source;
import sandbox.firewall.internal.files.Excerpt;

/** Host names: letters, digits, hyphens and dots (or an internationalized name), RFC 1123 labels. */
final class HostNames {

    private static final String HINT = "a host name has labels of letters, digits and hyphens separated by dots";

    private HostNames() {
    }

    static EntryParser.Parsed parse(String token, Source at) throws AllowlistSyntaxException {
        String name = token.endsWith(".") && token.length() > 1 ? token.substring(0, token.length() - 1) : token;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || (c > 127 && (Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK
                    || Character.getType(c) == Character.COMBINING_SPACING_MARK));
            if (!ok) {
                throw new AllowlistSyntaxException(Kind.STRAY_CHARACTER, at.atColumn(at.column() + i), token,
                        "unexpected character " + Excerpt.quote(c) + " in " + Excerpt.quote(token),
                        c == '_' ? "underscores are not allowed in host names" : HINT);
            }
        }
        checkLabels(name.split("\\.", -1), token, at);
        String ascii;
        try {
            ascii = EntryParser.toAscii(name).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new AllowlistSyntaxException(Kind.BAD_HOST_NAME, at, token,
                    Excerpt.quote(token) + " is not a valid internationalized host name", HINT);
        }
        String[] labels = ascii.split("\\.", -1);
        checkLabels(labels, token, at);
        if (ascii.length() > 253) {
            throw new AllowlistSyntaxException(Kind.BAD_HOST_NAME, at, token,
                    Excerpt.quote(token) + " is longer than 253 characters", HINT);
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            throw new AllowlistSyntaxException(Kind.BAD_HOST_NAME, at, token,
                    Excerpt.quote(token) + " ends in a number: neither a host name nor an IPv4 address",
                    "an IPv4 address has four numbers 0-255; a host name ends in letters");
        }
        List<Diagnostic> diagnostics = new ArrayList<>();
        if (labels.length == 1) {
            diagnostics.add(Diagnostic.at(Diagnostic.Severity.WARNING, at,
                    Excerpt.quote(token) + " has no dot: it is resolved through the search domains of the machine that compiles",
                    "write the fully qualified name"));
        }
        if (!ascii.equals(name.toLowerCase(Locale.ROOT))) {
            diagnostics.add(Diagnostic.at(Diagnostic.Severity.NOTE, at, Excerpt.quote(token) + " is resolved as " + ascii));
        }
        return new EntryParser.Parsed(new AllowlistEntry.Host(ascii, token, at), diagnostics);
    }

    /** Label rules on the name as written (for columns) and again on its ASCII form (for lengths). */
    private static void checkLabels(String[] labels, String token, Source at) throws AllowlistSyntaxException {
        int offset = 0;
        for (String label : labels) {
            Source labelAt = at.atColumn(at.column() + Math.min(offset, Math.max(token.length() - 1, 0)));
            if (label.isEmpty()) {
                throw new AllowlistSyntaxException(Kind.BAD_HOST_NAME, labelAt, token, "empty label in " + Excerpt.quote(token),
                        "remove the extra dot");
            }
            if (label.length() > 63) {
                throw new AllowlistSyntaxException(Kind.BAD_HOST_NAME, labelAt, token,
                        "label " + Excerpt.quote(label) + " in " + Excerpt.quote(token) + " is longer than 63 characters", HINT);
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                throw new AllowlistSyntaxException(Kind.BAD_HOST_NAME, labelAt, token,
                        "label " + Excerpt.quote(label) + " in " + Excerpt.quote(token) + " starts or ends with a hyphen", HINT);
            }
            offset += label.length() + 1;
        }
    }
}
