package sandbox.cli.up;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import sandbox.api.Arguments;
import sandbox.api.Command;
import sandbox.api.Invocation;
import sandbox.api.SandboxException;

/** {@code sandbox logs [-f] [--tail N] [--firewall|--db]}. */
public final class LogsCommand implements Command {

    @Override
    public String name() {
        return "logs";
    }

    @Override
    public String summary() {
        return "show (or follow with -f) the logs of the agent, firewall or database container";
    }

    @Override
    public String usage() {
        return """
                Usage: sandbox logs [-f|--follow] [--tail N] [--firewall|--db]

                The agent container's output by default; --firewall shows the firewall container's
                (its apply log and banners), --db the database's.
                """;
    }

    @Override
    public int run(Invocation inv) throws SandboxException {
        Arguments args = Arguments.parse(inv.args(), Set.of("-f", "--follow", "--firewall", "--db"),
                Set.of("--tail", "--runtime")).atMostPositionals(0);
        if (args.has("--firewall") && args.has("--db")) {
            throw new sandbox.api.UsageException("--firewall and --db each pick one container's log", "give one of them");
        }
        Context ctx = Context.ofRunning(inv, UpOptions.withFlags(inv.settings(), args));
        String container = args.has("--firewall") ? ctx.names().firewall()
                : args.has("--db") ? ctx.names().db() : ctx.names().agent();
        if (ctx.engine().inspect(container).isEmpty()) {
            // Not the runtime's raw "No such container": say what is missing and how to get it.
            throw new SandboxException(args.has("--db") ? "no database sidecar (start with `sandbox up --db`)"
                    : "no container " + container + " (start the sandbox with `sandbox up`)");
        }
        List<String> a = new ArrayList<>(List.of("logs"));
        if (args.has("-f") || args.has("--follow")) {
            a.add("-f");
        }
        args.value("--tail").ifPresent(t -> a.addAll(List.of("--tail", t)));
        a.add(container);
        inv.console().out().flush();
        return ctx.engine().attached(a);
    }
}
