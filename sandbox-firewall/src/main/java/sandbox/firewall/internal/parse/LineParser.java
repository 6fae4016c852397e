package sandbox.firewall.internal.parse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import sandbox.firewall.AllowlistEntry;
import sandbox.firewall.AllowlistSyntaxException.Kind;
import sandbox.firewall.AllowlistSyntaxException;
import sandbox.firewall.Diagnostic;
import sandbox.firewall.Source;
import sandbox.firewall.internal.files.Excerpt;

/**
 * Splits an allowlist file into lines and tokens: {@code #} comments, blank lines, tabs,
 * CRLF and a UTF-8 BOM are tolerated; one entry per line. Each token goes to
 * {@link EntryParser}; columns are 1-based, counted in characters after the BOM.
 */
public final class LineParser {

    /** What one file holds: entries in order, every error, and warnings/notes. */
    public record Result(List<AllowlistEntry> entries, List<AllowlistSyntaxException> errors, List<Diagnostic> diagnostics) {
        public Result {
            entries = List.copyOf(entries);
            errors = List.copyOf(errors);
            diagnostics = List.copyOf(diagnostics);
        }
    }

    private record Token(String text, int column) { }

    private LineParser() {
    }

    public static Result parse(Path displayName, String content) {
        List<AllowlistEntry> entries = new ArrayList<>();
        List<AllowlistSyntaxException> errors = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            int hash = line.indexOf('#');
            List<Token> tokens = tokens(hash >= 0 ? line.substring(0, hash) : line);
            if (tokens.isEmpty()) {
                continue;
            }
            Source at = new Source(displayName, i + 1, tokens.get(0).column());
            try {
                if (tokens.get(0).text().startsWith("@")) {
                    entries.add(DirectiveParser.parse(tokens.get(0).text(), arguments(tokens, at), at));
                } else {
                    EntryParser.Parsed parsed = EntryParser.parse(tokens.get(0).text(), at);
                    if (tokens.size() > 1) {
                        throw extraText(tokens, at);
                    }
                    entries.add(parsed.entry());
                    diagnostics.addAll(parsed.diagnostics());
                }
            } catch (AllowlistSyntaxException e) {
                errors.add(e);
            }
        }
        return new Result(entries, errors, diagnostics);
    }

    private static List<DirectiveParser.Argument> arguments(List<Token> tokens, Source at) {
        List<DirectiveParser.Argument> args = new ArrayList<>();
        for (Token t : tokens.subList(1, tokens.size())) {
            args.add(new DirectiveParser.Argument(t.text(), at.atColumn(t.column())));
        }
        return args;
    }

    private static AllowlistSyntaxException extraText(List<Token> tokens, Source at) {
        Token first = tokens.get(0);
        Token extra = tokens.get(1);
        String hint = first.text().endsWith(",")
                ? "one entry per line, without commas"
                : "one entry per line; a comment starts with #";
        if (first.text().endsWith(",")) {
            return new AllowlistSyntaxException(Kind.STRAY_CHARACTER,
                    at.atColumn(first.column() + first.text().length() - 1), first.text(),
                    "unexpected ',' after " + Excerpt.quote(first.text().substring(0, first.text().length() - 1)), hint);
        }
        return new AllowlistSyntaxException(Kind.STRAY_CHARACTER, at.atColumn(extra.column()), extra.text(),
                "unexpected " + Excerpt.quote(extra.text()) + " after " + Excerpt.quote(first.text()), hint);
    }

    private static List<Token> tokens(String line) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            while (i < line.length() && isBlank(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < line.length() && !isBlank(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                tokens.add(new Token(line.substring(start, i), start + 1));
            }
        }
        return tokens;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\u00A0' || c == '\f' || c == '\u000B';
    }
}
