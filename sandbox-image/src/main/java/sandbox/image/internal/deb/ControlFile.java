package sandbox.image.internal.deb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import sandbox.api.SandboxException;

/**
 * Parses deb822 control text ({@code Packages}, {@code Release}, {@code status},
 * a package's {@code control}): paragraphs separated by blank lines, {@code Name: value}
 * fields, continuation lines starting with a space or tab. Streams, so a 50 MB
 * {@code Packages} file never sits in memory as text.
 */
public final class ControlFile {

    private ControlFile() { }

    public static List<Stanza> parse(String text, String where) throws SandboxException {
        List<Stanza> out = new ArrayList<>();
        parse(new StringReader(text), where, out::add);
        return out;
    }

    public static void parse(InputStream in, String where, Consumer<Stanza> sink) throws SandboxException {
        parse(new InputStreamReader(in, StandardCharsets.UTF_8), where, sink);
    }

    public static void parse(Reader reader, String where, Consumer<Stanza> sink) throws SandboxException {
        BufferedReader r = new BufferedReader(reader, 1 << 16);
        List<Stanza.Field> fields = new ArrayList<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        int lineNo = 0;
        int start = 1;
        try {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    if (name != null) {
                        fields.add(new Stanza.Field(name, value.toString()));
                        name = null;
                    }
                    if (!fields.isEmpty()) {
                        sink.accept(new Stanza(fields, start));
                        fields = new ArrayList<>();
                    }
                    start = lineNo + 1;
                    continue;
                }
                if (line.startsWith("#") && name == null && fields.isEmpty()) {
                    start = lineNo + 1;
                    continue;
                }
                if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                    if (name == null) {
                        throw new SandboxException("continuation line without a field", where + ":" + lineNo,
                                "a field starts with 'Name:' at the start of a line", null);
                    }
                    value.append('\n').append(line);
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new SandboxException("expected 'Field: value', got '" + abbreviate(line) + "'",
                            where + ":" + lineNo, "control files are deb822 paragraphs", null);
                }
                if (name != null) {
                    fields.add(new Stanza.Field(name, value.toString()));
                }
                name = line.substring(0, colon);
                value.setLength(0);
                value.append(line.substring(colon + 1).strip());
            }
            if (name != null) {
                fields.add(new Stanza.Field(name, value.toString()));
            }
            if (!fields.isEmpty()) {
                sink.accept(new Stanza(fields, start));
            }
        } catch (IOException e) {
            throw new SandboxException("cannot read " + where + ": " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
