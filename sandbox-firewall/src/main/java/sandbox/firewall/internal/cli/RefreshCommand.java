package sandbox.firewall.internal.cli;

import sandbox.api.CommandGroup;
import sandbox.api.FirewallRefresh;
import sandbox.api.Invocation;
import sandbox.api.SandboxException;

/**
 * {@code sandbox firewall refresh}: recompile and re-apply in the running firewall container.
 * The container runtime lives in the CLI, so the work is done by its {@link FirewallRefresh}.
 */
final class RefreshCommand implements CommandGroup.Subcommand {

    static final String USAGE = """
            Usage: sandbox firewall refresh [--allowlist FILE]... [--no-defaults] [--hosts FILE] [--feeds DIR]
                                            [--mode strict|permissive] [--runtime docker|podman]

            Recompiles the allowlists (by default with the inputs of the last 'sandbox up') and
            re-applies them inside the running firewall container. Needs the CLI's container
            runtime (run it through ./sandbox).
            """;

    @Override
    public String name() {
        return "refresh";
    }

    @Override
    public String summary() {
        return "recompile and re-apply inside the running firewall container";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public int run(Invocation invocation) throws SandboxException {
        return invocation.services().require(FirewallRefresh.class).refresh(invocation);
    }
}
