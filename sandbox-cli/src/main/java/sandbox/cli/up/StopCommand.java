package sandbox.cli.up;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import sandbox.api.Arguments;
import sandbox.api.Command;
import sandbox.api.Invocation;
import sandbox.api.SandboxException;

/** {@code sandbox stop}: stop the containers, keep them (and everything else). */
public final class StopCommand implements Command {

    @Override
    public String name() {
        return "stop";
    }

    @Override
    public String summary() {
        return "stop the sandbox's containers (kept; 'sandbox up' starts them again)";
    }

    @Override
    public String usage() {
        return "Usage: sandbox stop\n\nStops the agent first, then the firewall and the database. 'sandbox up' starts\n"
                + "them again (the firewall container is recreated so its rules are applied fresh).\n";
    }

    @Override
    public int run(Invocation inv) throws SandboxException {
        Arguments args = Arguments.parse(inv.args(), Set.of(), Set.of("--runtime")).atMostPositionals(0);
        Context ctx = Context.ofRunning(inv, UpOptions.withFlags(inv.settings(), args));
        Names n = ctx.names();
        List<String> stopped = new ArrayList<>();
        try (ProjectLock lock = ProjectLock.acquire(inv.project().stateDir(), new Progress(inv.console(), "stop"))) {
            // The agent first: it must never outlive the firewall's namespace.
            for (String c : List.of(n.agent(), n.firewall(), n.db())) {
                if (ctx.engine().isRunning(c)) {
                    ctx.engine().stop(c);
                    stopped.add(c);
                }
            }
        }
        inv.console().out().println(stopped.isEmpty() ? "nothing to stop: no container of " + n.prefix() + " is running"
                : "stopped " + String.join(", ", stopped));
        return 0;
    }
}
