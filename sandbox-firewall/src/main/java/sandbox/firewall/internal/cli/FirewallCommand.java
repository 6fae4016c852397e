package sandbox.firewall.internal.cli;

import java.util.List;
import java.util.Set;
import sandbox.api.Arguments;
import sandbox.api.CommandGroup;
import sandbox.api.Invocation;
import sandbox.api.SandboxException;

/** {@code sandbox firewall …}: allowlists, compilation, rulesets. */
public final class FirewallCommand extends CommandGroup {

    @Override
    public String name() {
        return "firewall";
    }

    @Override
    public String summary() {
        return "check and compile the egress allowlist into rulesets";
    }

    @Override
    protected List<Subcommand> subcommands() {
        return List.of(new Paths());
    }

    static final class Paths implements Subcommand {
        @Override public String name() { return "paths"; }

        @Override public String summary() { return "print the allowlist files and the compiled-rules folder"; }

        @Override public String usage() {
            return "Usage: sandbox firewall paths\n\nPrints the always-on list, the user's extra list and the output folder.";
        }

        @Override public int run(Invocation inv) throws SandboxException {
            Arguments.parse(inv.args(), Set.of(), Set.of()).atMostPositionals(0);
            inv.console().out().println(inv.project().allowlist());
            inv.console().out().println(inv.project().extraAllowlist());
            inv.console().out().println(inv.project().firewallDir());
            return 0;
        }
    }
}
