package sandbox.cli;

import java.util.List;
import java.util.Map;
import sandbox.api.Command;

/** The text of {@code sandbox --help}, assembled from the commands on the module path. */
final class HelpText {

    private HelpText() {
    }

    static String overview(CommandCatalog catalog) {
        StringBuilder b = new StringBuilder();
        b.append("sandbox ").append(Cli.version())
                .append(" - an isolated, firewalled home for a coding agent\n\n")
                .append("Usage: sandbox [-v|-q] [--debug] COMMAND [ARGS...]\n")
                .append("       sandbox help COMMAND | COMMAND --help | --version\n");
        int width = catalog.names().stream().mapToInt(String::length).max().orElse(8) + 2;
        for (Map.Entry<String, List<Command>> group : catalog.byModule().entrySet()) {
            b.append('\n').append("Commands from ").append(group.getKey()).append(":\n");
            for (Command c : group.getValue()) {
                b.append("  ").append(pad(c.name(), width)).append(c.summary()).append('\n');
            }
        }
        b.append("\nGlobal options: -v more output (twice for debug logs), -q only results,\n")
                .append("  --debug stack traces on errors. Exit codes: 0 ok, 1 failure, 2 usage.\n");
        return b.toString();
    }

    static String usage(Command command) {
        String text = command.usage();
        return text.endsWith("\n") ? text : text + "\n";
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }
}
