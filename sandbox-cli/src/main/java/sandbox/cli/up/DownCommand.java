package sandbox.cli.up;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import sandbox.api.Arguments;
import sandbox.api.Command;
import sandbox.api.Invocation;
import sandbox.api.SandboxException;
import sandbox.api.UsageException;

/** {@code sandbox down [--volumes [--yes]]}: remove the containers; the volumes stay unless asked. */
public final class DownCommand implements Command {

    /** Whether there is a terminal to ask on; without one nothing is printed or read. */
    private final BooleanSupplier terminal;
    /** The user's answer read from the terminal; empty at end of input. */
    private final Supplier<Optional<String>> answer;

    public DownCommand() {
        this(() -> System.console() != null, DownCommand::readAnswer);
    }

    DownCommand(BooleanSupplier terminal, Supplier<Optional<String>> answer) {
        this.terminal = terminal;
        this.answer = answer;
    }

    @Override
    public String name() {
        return "down";
    }

    @Override
    public String summary() {
        return "remove the sandbox's containers and network (volumes kept; --volumes deletes them)";
    }

    @Override
    public String usage() {
        return """
                Usage: sandbox down [--volumes [--yes]]

                Removes the agent, firewall and database containers and the sandbox network. The
                volumes (workspace, ~/.claude, history, database data) are kept, so 'sandbox up'
                brings everything back. --volumes deletes them too: it asks on a terminal, needs
                --yes otherwise.
                """;
    }

    @Override
    public int run(Invocation inv) throws SandboxException {
        Arguments args = Arguments.parse(inv.args(), Set.of("--volumes", "--yes"), Set.of("--runtime"))
                .atMostPositionals(0);
        Context ctx = Context.ofRunning(inv, UpOptions.withFlags(inv.settings(), args));
        Names n = ctx.names();
        List<String> volumes = List.of(n.workspaceVolume(), n.configVolume(), n.historyVolume(), n.dataVolume());
        if (args.has("--volumes") && !args.has("--yes")) {
            if (!terminal.getAsBoolean()) {
                // Refuse at once: a prompt nobody can answer would block a script on stdin.
                throw new UsageException("down --volumes deletes data and there is no terminal to confirm on",
                        "add --yes to confirm");
            }
            inv.console().err().print("This deletes the volumes " + String.join(", ", volumes)
                    + " (workspace, credentials, history, database data). Type 'yes' to confirm: ");
            inv.console().err().flush();
            Optional<String> a = answer.get();
            if (a.isEmpty() || !a.get().trim().toLowerCase(Locale.ROOT).equals("yes")) {
                inv.console().out().println("nothing removed");
                return 1;
            }
        }
        Progress progress = new Progress(inv.console(), "down");
        try (ProjectLock lock = ProjectLock.acquire(inv.project().stateDir(), progress)) {
            // An editor's container (devcontainer.json) lives in the firewall's namespace and
            // holds the volumes: it goes first.
            List<String> editors = ctx.engine().labeled(Devcontainer.LABEL, n.prefix());
            List<String> containers = new ArrayList<>(editors);
            containers.addAll(List.of(n.agent(), n.firewall(), n.db()));
            List<String> removed = new ArrayList<>();
            for (String c : ctx.engine().removeAll(containers)) {
                removed.add(editors.contains(c) ? "editor container " + c.substring(0, 12) : c);
            }
            if (ctx.engine().networkExists(n.network())) {
                ctx.engine().removeNetwork(n.network());
                removed.add("network " + n.network());
            }
            String what = removed.isEmpty() ? "nothing to remove of " + n.prefix() : "removed " + String.join(", ", removed);
            if (args.has("--volumes")) {
                List<String> missing = ctx.engine().missingVolumes(volumes);
                List<String> gone = volumes.stream().filter(v -> !missing.contains(v)).toList();
                for (String v : gone) {
                    ctx.engine().removeVolume(v);
                }
                inv.console().out().println(what + "; " + (gone.isEmpty() ? "no volumes to delete"
                        : "deleted volumes " + String.join(", ", gone)));
            } else {
                inv.console().out().println(what + "; volumes kept (sandbox down --volumes deletes them)");
            }
            if (!editors.isEmpty()) {
                inv.console().progress("an editor window on this sandbox has lost its container; reopen it after 'sandbox up'");
            }
        }
        return 0;
    }

    private static Optional<String> readAnswer() {
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return Optional.ofNullable(line);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
