package sandbox.image.internal.deb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One paragraph of a Debian control file (deb822): fields in their original order, looked
 * up case-insensitively as Debian policy 5.1 says. Multi-line values keep their
 * continuation lines (with the leading space) so a stanza can be written back verbatim.
 */
public final class Stanza {

    public record Field(String name, String value) { }

    private final List<Field> fields;
    private final Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final int line;

    public Stanza(List<Field> fields, int line) {
        this.fields = List.copyOf(fields);
        this.line = line;
        for (Field f : this.fields) {
            byName.put(f.name(), f.value());
        }
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public String get(String name, String defaultValue) {
        return byName.getOrDefault(name, defaultValue);
    }

    public List<Field> fields() {
        return fields;
    }

    /** The 1-based line where the stanza starts, for error messages. */
    public int line() {
        return line;
    }

    /** A copy with {@code name} set (replaced in place, or added after {@code after}, or at the end). */
    public Stanza with(String name, String value, String after) {
        List<Field> out = new ArrayList<>();
        boolean done = false;
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                if (!done) {
                    out.add(new Field(f.name(), value));
                    done = true;
                }
                continue;
            }
            out.add(f);
            if (!done && f.name().equalsIgnoreCase(after)) {
                out.add(new Field(name, value));
                done = true;
            }
        }
        if (!done) {
            out.add(new Field(name, value));
        }
        return new Stanza(out, line);
    }

    /** The stanza as control-file text, ending with one newline (no blank separator line). */
    public String render() {
        StringBuilder s = new StringBuilder();
        for (Field f : fields) {
            s.append(f.name()).append(':');
            if (!f.value().isEmpty() && !f.value().startsWith("\n")) {
                s.append(' ');
            }
            s.append(f.value()).append('\n');
        }
        return s.toString();
    }
}
