package sandbox.secrets.internal.dotenv;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The dotenv dialect of the secret file: blank lines, {@code #} comments, {@code KEY=VALUE}
 * with an optional {@code export } prefix, values bare, {@code 'single'} (literal) or
 * {@code "double"} quoted ({@code \" \\ \n} escapes). A bare value ends at {@code " #"}.
 *
 * <p>Errors name the line and what is wrong, never the text of the line: a malformed line
 * may be a pasted password.
 */
public final class Dotenv {

    /** One {@code KEY=VALUE} line: where it is, and its raw text for in-place rewrites. */
    public record Entry(String key, String value, int line, boolean exported) { }

    /** A parsed file: its entries in order (keys unique) and its lines as text. */
    public record Document(List<Entry> entries, List<String> lines, boolean endsWithNewline) {
        public Document {
            entries = List.copyOf(entries);
            lines = List.copyOf(lines);
        }

        public Map<String, String> values() {
            Map<String, String> map = new LinkedHashMap<>();
            entries.forEach(e -> map.put(e.key(), e.value()));
            return map;
        }
    }

    /** A line that is not valid; {@code line} is 1-based. The message holds no value. */
    public static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;
        private final int line;

        SyntaxError(int line, String message) {
            super(message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Dotenv() {
    }

    public static Document parse(byte[] bytes) throws SyntaxError {
        String text = decode(bytes);
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        boolean endsWithNewline = text.endsWith("\n");
        if (endsWithNewline || text.isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String line = lines.get(i);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            Entry entry = entry(trimmed, number);
            Integer first = seen.putIfAbsent(entry.key(), number);
            if (first != null) {
                throw new SyntaxError(number, "duplicate key " + entry.key() + " (first set on line " + first + ")");
            }
            entries.add(entry);
        }
        return new Document(entries, lines, endsWithNewline);
    }

    private static Entry entry(String line, int number) throws SyntaxError {
        boolean exported = false;
        if (line.startsWith("export ") || line.startsWith("export\t")) {
            exported = true;
            line = line.substring("export".length()).stripLeading();
        }
        int eq = line.indexOf('=');
        if (eq < 0) {
            throw new SyntaxError(number, "expected KEY=VALUE (no '=' on this line)");
        }
        String key = line.substring(0, eq).strip();
        if (!KEY.matcher(key).matches()) {
            throw new SyntaxError(number, "invalid key name (letters, digits and '_', not starting with a digit)");
        }
        String rest = line.substring(eq + 1).stripLeading();
        return new Entry(key, value(key, rest, number), number, exported);
    }

    private static String value(String key, String rest, int number) throws SyntaxError {
        if (rest.startsWith("'")) {
            int close = rest.indexOf('\'', 1);
            if (close < 0) {
                throw new SyntaxError(number, "unterminated single quote in the value of " + key);
            }
            afterQuote(key, rest.substring(close + 1), number);
            return rest.substring(1, close);
        }
        if (rest.startsWith("\"")) {
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < rest.length(); i++) {
                char c = rest.charAt(i);
                if (c == '"') {
                    afterQuote(key, rest.substring(i + 1), number);
                    return out.toString();
                }
                if (c == '\\' && i + 1 < rest.length()) {
                    char next = rest.charAt(++i);
                    switch (next) {
                        case 'n' -> out.append('\n');
                        case '"', '\\', '$', '`' -> out.append(next);
                        default -> out.append('\\').append(next);
                    }
                } else {
                    out.append(c);
                }
            }
            throw new SyntaxError(number, "unterminated double quote in the value of " + key);
        }
        int comment = rest.indexOf(" #");
        String bare = (comment >= 0 ? rest.substring(0, comment) : rest).strip();
        if (bare.indexOf('"') >= 0 || bare.indexOf('\'') >= 0) {
            throw new SyntaxError(number, "stray quote in the unquoted value of " + key
                    + " (quote the whole value)");
        }
        return bare;
    }

    private static void afterQuote(String key, String tail, int number) throws SyntaxError {
        String t = tail.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
            throw new SyntaxError(number, "text after the closing quote of " + key);
        }
    }

    private static String decode(byte[] bytes) throws SyntaxError {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new SyntaxError(1, "not valid UTF-8 text");
        }
    }
}
