package sandbox.secrets.internal.cli;

import java.util.List;
import sandbox.api.Arguments;
import sandbox.api.CommandGroup;
import sandbox.api.Invocation;
import sandbox.api.SandboxException;

/** {@code sandbox secrets …}: the 0600 secret env file. */
public final class SecretsCommand extends CommandGroup {

    @Override
    public String name() {
        return "secrets";
    }

    @Override
    public String summary() {
        return "the 0600 secret env file (.devcontainer/.env)";
    }

    @Override
    protected List<Subcommand> subcommands() {
        return List.of(new Path());
    }

    static final class Path implements Subcommand {
        @Override public String name() { return "path"; }

        @Override public String summary() { return "print where the secret file lives"; }

        @Override public String usage() {
            return "Usage: sandbox secrets path\n\nPrints the absolute path of the project's secret env file.";
        }

        @Override public int run(Invocation inv) throws SandboxException {
            Arguments.parse(inv.args(), java.util.Set.of(), java.util.Set.of()).atMostPositionals(0);
            inv.console().out().println(inv.project().envFile());
            return 0;
        }
    }
}
