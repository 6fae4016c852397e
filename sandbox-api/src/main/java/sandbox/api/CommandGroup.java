package sandbox.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command made of subcommands ({@code sandbox firewall check|compile|explain}). Provider
 * modules extend it so dispatch, help and errors look the same everywhere.
 */
public abstract class CommandGroup implements Command {

    /** One subcommand: its name, one line of help, usage text, and what it does. */
    public interface Subcommand {
        String name();

        String summary();

        String usage();

        int run(Invocation invocation) throws SandboxException;
    }

    /** The subcommands in the order help lists them. */
    protected abstract List<Subcommand> subcommands();

    @Override
    public String usage() {
        StringBuilder b = new StringBuilder("Usage: sandbox ").append(name()).append(" SUBCOMMAND [ARGS...]\n\n")
                .append(summary()).append("\n\nSubcommands:\n");
        int width = subcommands().stream().mapToInt(s -> s.name().length()).max().orElse(6) + 2;
        for (Subcommand s : subcommands()) {
            b.append("  ").append(s.name()).append(" ".repeat(width - s.name().length())).append(s.summary()).append('\n');
        }
        b.append("\nRun 'sandbox ").append(name()).append(" SUBCOMMAND --help' for its options.\n");
        return b.toString();
    }

    @Override
    public int run(Invocation invocation) throws SandboxException {
        List<String> args = invocation.args();
        if (args.isEmpty()) {
            throw new UsageException("'" + name() + "' needs a subcommand",
                    "one of " + String.join(", ", byName().keySet()));
        }
        String first = args.get(0);
        if (first.equals("--help") || first.equals("-h") || first.equals("help")) {
            invocation.console().out().print(usage());
            return 0;
        }
        Subcommand sub = byName().get(first);
        if (sub == null) {
            throw new UsageException("unknown subcommand '" + name() + " " + first + "'",
                    "one of " + String.join(", ", byName().keySet()));
        }
        List<String> rest = args.subList(1, args.size());
        if (rest.contains("--help") || rest.contains("-h")) {
            String text = sub.usage();
            invocation.console().out().print(text.endsWith("\n") ? text : text + "\n");
            return 0;
        }
        return sub.run(invocation.withArgs(rest));
    }

    /** The usage text of one subcommand ({@code sandbox help firewall check}); empty when there is none by that name. */
    public java.util.Optional<String> usage(String subcommand) {
        return java.util.Optional.ofNullable(byName().get(subcommand)).map(Subcommand::usage);
    }

    /** The subcommands' names, in help order. */
    public List<String> subcommandNames() {
        return List.copyOf(byName().keySet());
    }

    private Map<String, Subcommand> byName() {
        Map<String, Subcommand> map = new LinkedHashMap<>();
        subcommands().forEach(s -> map.put(s.name(), s));
        return map;
    }
}
