package sandbox.firewall.internal.parse;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import java.net.IDN;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sandbox.firewall.AllowlistEntry;
import sandbox.firewall.AllowlistSyntaxException.Kind;
import sandbox.firewall.AllowlistSyntaxException;
import sandbox.firewall.Diagnostic;
import sandbox.firewall.Source;
import sandbox.firewall.internal.files.Excerpt;

/**
 * One token that is not a directive: a host name, an address or a CIDR block. Every mistake
 * people make in such lists gets its own message and a hint.
 */
final class EntryParser {

    record Parsed(AllowlistEntry entry, List<Diagnostic> diagnostics) { }

    private static final Pattern BRACKETED_PORT = Pattern.compile("\\[([^\\]]*)\\]:(\\d+)");
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private EntryParser() {
    }

    static Parsed parse(String token, Source at) throws AllowlistSyntaxException {
        if (token.indexOf('*') >= 0) {
            throw new AllowlistSyntaxException(Kind.WILDCARD, at, token, Excerpt.quote(token) + " is a wildcard",
                    "an IP firewall sees addresses, not names, and the names under a wildcard are not known in advance;"
                            + " list each host you need");
        }
        if (token.contains("://")) {
            throw new AllowlistSyntaxException(Kind.URL, at, token, Excerpt.quote(token) + " is a URL",
                    "write only the host name" + urlHost(token).map(h -> ": " + h).orElse(""));
        }
        if (token.startsWith("[")) {
            Matcher m = BRACKETED_PORT.matcher(token);
            if (m.matches()) {
                throw hostPort(token, m.group(1), at);
            }
            throw new AllowlistSyntaxException(Kind.STRAY_CHARACTER, at, token, "unexpected '[' in " + Excerpt.quote(token),
                    "write an IPv6 address without brackets");
        }
        int slash = token.indexOf('/');
        if (slash >= 0) {
            return block(token, slash, at);
        }
        int colons = (int) token.chars().filter(c -> c == ':').count();
        if (colons == 1) {
            int colon = token.indexOf(':');
            if (DIGITS.matcher(token.substring(colon + 1)).matches()) {
                throw hostPort(token, token.substring(0, colon), at);
            }
            throw new AllowlistSyntaxException(Kind.STRAY_CHARACTER, at.atColumn(at.column() + colon), token,
                    "unexpected ':' in " + Excerpt.quote(token), "write a host name, an address or a CIDR block");
        }
        if (colons > 1) {
            return new Parsed(address(token, token, at), List.of());
        }
        if (token.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
            return new Parsed(dotted(token, token, at), List.of());
        }
        return HostNames.parse(token, at);
    }

    private static AllowlistSyntaxException hostPort(String token, String host, Source at) {
        return new AllowlistSyntaxException(Kind.HOST_PORT, at, token, Excerpt.quote(token) + " has a port",
                "the firewall allows every port of an allowed address; write " + Excerpt.quote(host));
    }

    private static Parsed block(String token, int slash, Source at) throws AllowlistSyntaxException {
        String addressPart = token.substring(0, slash);
        String prefixPart = token.substring(slash + 1);
        Source prefixAt = at.atColumn(at.column() + slash + 1);
        if (!DIGITS.matcher(prefixPart).matches()) {
            throw new AllowlistSyntaxException(Kind.BAD_ADDRESS, prefixAt, token,
                    "prefix length " + Excerpt.quote(prefixPart) + " in " + Excerpt.quote(token) + " is not a number",
                    "write a CIDR block such as 192.0.2.0/24 or 2001:db8::/32");
        }
        boolean v6 = addressPart.indexOf(':') >= 0;
        if (!v6 && !addressPart.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
            throw new AllowlistSyntaxException(Kind.BAD_ADDRESS, at, token,
                    Excerpt.quote(token) + " puts a prefix length after a host name",
                    "a prefix length belongs to an address (192.0.2.0/24); write the host name alone");
        }
        int max = v6 ? 128 : 32;
        if (prefixPart.length() > 3 || Integer.parseInt(prefixPart) > max) {
            throw new AllowlistSyntaxException(Kind.PREFIX_TOO_LONG, prefixAt, token,
                    "prefix length " + prefixPart + " in " + Excerpt.quote(token) + " is past " + max + " for IPv" + (v6 ? "6" : "4"),
                    "an IPv" + (v6 ? "6" : "4") + " prefix length is 0 to " + max);
        }
        IPAddress parsed = v6 ? address(token, token, at).address() : dotted(token, addressPart, at).address();
        if (parsed.isPrefixBlock()) {
            return new Parsed(new AllowlistEntry.Block(parsed, token, at), List.of());
        }
        IPAddress normalized = Addresses.normalize(parsed);
        return new Parsed(new AllowlistEntry.Block(normalized, token, at), List.of(Diagnostic.at(Diagnostic.Severity.WARNING, at,
                "host bits set in " + Excerpt.quote(token) + "; using " + normalized.toCanonicalString(),
                "write " + normalized.toCanonicalString())));
    }

    /** IPv4 text: IPAddress first (the common, valid case); on failure the octet checks say exactly what and where. */
    private static AllowlistEntry.Block dotted(String token, String addressPart, Source at) throws AllowlistSyntaxException {
        try {
            return new AllowlistEntry.Block(Addresses.parse(token), token, at);
        } catch (AddressStringException e) {
            checkOctets(addressPart, token, at);
            return address(token, token, at);
        }
    }

    private static AllowlistEntry.Block address(String text, String token, Source at) throws AllowlistSyntaxException {
        try {
            return new AllowlistEntry.Block(Addresses.parse(text), token, at);
        } catch (AddressStringException e) {
            boolean v6 = text.indexOf(':') >= 0;
            throw new AllowlistSyntaxException(Kind.BAD_ADDRESS, at, token,
                    Excerpt.quote(token) + " is not a valid IPv" + (v6 ? "6" : "4") + " " + (text.indexOf('/') >= 0 ? "block" : "address")
                            + reason(e),
                    v6 ? "write an IPv6 address such as 2001:db8::7 or a block such as 2001:db8::/32"
                       : "write four numbers 0-255 separated by dots, such as 192.0.2.7");
        }
    }

    /** Dotted-quad checks with the column of the offending octet. */
    private static void checkOctets(String dotted, String token, Source at) throws AllowlistSyntaxException {
        String[] parts = dotted.split("\\.", -1);
        if (parts.length != 4) {
            throw new AllowlistSyntaxException(Kind.BAD_ADDRESS, at, token,
                    Excerpt.quote(token) + " has " + parts.length + " number" + (parts.length == 1 ? "" : "s") + ", an IPv4 address has four",
                    "write four numbers 0-255 separated by dots, such as 192.0.2.7");
        }
        int offset = 0;
        for (String part : parts) {
            Source partAt = at.atColumn(at.column() + offset);
            if (part.isEmpty()) {
                throw new AllowlistSyntaxException(Kind.BAD_ADDRESS, partAt, token, "empty number in " + Excerpt.quote(token),
                        "write four numbers 0-255 separated by dots, such as 192.0.2.7");
            }
            if (part.length() > 3 || Integer.parseInt(part) > 255) {
                throw new AllowlistSyntaxException(Kind.BAD_OCTET, partAt, token,
                        "octet " + part + " in " + Excerpt.quote(token) + " is out of range", "each number of an IPv4 address is 0 to 255");
            }
            if (part.length() > 1 && part.startsWith("0")) {
                throw new AllowlistSyntaxException(Kind.BAD_ADDRESS, partAt, token,
                        "octet " + part + " in " + Excerpt.quote(token) + " has a leading zero",
                        "leading zeros are read as octal by some tools; write " + Integer.parseInt(part));
            }
            offset += part.length() + 1;
        }
    }

    private static String reason(AddressStringException e) {
        String m = e.getMessage();
        int i = m == null ? -1 : m.indexOf("error: ");
        return i < 0 ? "" : " (" + m.substring(i + "error: ".length()) + ")";
    }

    private static java.util.Optional<String> urlHost(String token) {
        try {
            return java.util.Optional.ofNullable(URI.create(token).getHost()).map(h -> h.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /** Kept for {@link HostNames}: the ASCII form of an internationalized name. */
    static String toAscii(String name) {
        return IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES);
    }
}
