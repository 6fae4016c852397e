package sandbox.cli.up;

import java.util.Set;
import sandbox.api.Arguments;
import sandbox.api.FirewallRefresh;
import sandbox.api.FirewallService;
import sandbox.api.FirewallService.FirewallBuild;
import sandbox.api.Invocation;
import sandbox.api.SandboxException;
import sandbox.api.Settings;

/**
 * {@code sandbox firewall refresh}, done here because the CLI owns the container runtime:
 * recompile with the last up's inputs, re-apply inside the firewall container, no container
 * recreated. The firewall module's subcommand reaches it through {@link sandbox.api.Services}.
 */
public final class LiveRefresh implements FirewallRefresh {

    @Override
    public int refresh(Invocation inv) throws SandboxException {
        Arguments args = Arguments.parse(inv.args(), Set.of("--no-defaults"),
                Set.of("--allowlist", "--hosts", "--feeds", "--mode", "--runtime")).atMostPositionals(0);
        Settings settings = UpOptions.withFlags(inv.settings(), args);
        Context ctx = Context.ofRunning(inv, settings);
        Progress progress = new Progress(inv.console(), "refresh");
        try (ProjectLock lock = ProjectLock.acquire(inv.project().stateDir(), progress)) {
            Up up = new Up(inv, ctx.settings(), ctx.engine(), ctx.options(), progress);
            progress.step("compiling the firewall (" + ctx.options().mode() + ")");
            FirewallBuild rules = inv.services().require(FirewallService.class).compile(up.compileRequest(), inv.console());
            Verifier verifier = new Verifier(ctx.engine(), ctx.names());
            progress.step("re-applying inside " + ctx.names().firewall());
            FirewallState state = new Refresh(ctx.engine(), ctx.names(), verifier).apply(rules, ctx.options().firewallWait());
            UpRecord.read(inv.project()).ifPresent(r -> {
                java.util.Map<String, String> produced = new java.util.HashMap<>(r.produced());
                produced.put("rulesHash", rules.rulesHash());
                try {
                    new UpRecord(r.settings(), produced).write(inv.project());
                } catch (SandboxException e) {
                    inv.console().warn(e.oneLine());
                }
            });
            inv.console().out().println("firewall refreshed in " + ctx.names().firewall() + ": " + state.mode() + ", "
                    + rules.v4Blocks() + " IPv4 and " + rules.v6Blocks() + " IPv6 blocks allowed");
            if (!state.mode().equals("strict")) {
                inv.console().warn(state.mode().equals("permissive") ? Summary.PERMISSIVE_BANNER : Summary.DEGRADED_BANNER);
            }
        }
        return 0;
    }
}
