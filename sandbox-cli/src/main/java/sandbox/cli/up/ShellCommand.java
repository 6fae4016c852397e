package sandbox.cli.up;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import sandbox.api.Arguments;
import sandbox.api.Command;
import sandbox.api.Invocation;
import sandbox.api.SandboxException;

/** {@code sandbox shell [-- COMMAND…]}: a shell (or one command) as {@code claude} in the agent. */
public final class ShellCommand implements Command {

    @Override
    public String name() {
        return "shell";
    }

    @Override
    public String summary() {
        return "open a shell as claude in the sandbox (terminal passed through)";
    }

    @Override
    public String usage() {
        return """
                Usage: sandbox shell [--root] [-- COMMAND [ARGS...]]

                Runs bash (sh where there is none) as claude in /workspace of the agent container, on
                your terminal. After '--', runs that command instead. --root runs as root: still
                without NET_ADMIN, so even root cannot change the firewall there.
                """;
    }

    @Override
    public int run(Invocation inv) throws SandboxException {
        Arguments args = Arguments.parse(inv.args(), Set.of("--root"), Set.of("--runtime"));
        Context ctx = Context.ofRunning(inv, UpOptions.withFlags(inv.settings(), args));
        String agent = ctx.names().agent();
        if (!ctx.engine().isRunning(agent)) {
            throw new SandboxException("the sandbox container " + agent + " is not running", null, "run 'sandbox up'", null);
        }
        if (Containers.marksNamespace(ctx.options())) {
            // A docker exec'd shell skips sandbox-init: it must not run before the firewall's rules either.
            new Verifier(ctx.engine(), ctx.names()).awaitMark(agent, ctx.options().firewallWait());
        }
        List<String> command = args.positionals();
        if (command.isEmpty()) {
            boolean bash = ctx.engine().exec(agent, Optional.empty(), List.of("test", "-x", "/bin/bash"), new byte[0]).ok();
            command = List.of(bash ? "/bin/bash" : "/bin/sh", "-l");
        }
        List<String> a = new ArrayList<>(List.of("exec", "-i"));
        if (System.console() != null) {
            a.add("-t");
        }
        a.addAll(List.of("-u", args.has("--root") ? "0" : "claude", "-w", "/workspace", agent));
        a.addAll(command);
        inv.console().out().flush();
        return ctx.engine().attached(a);
    }
}
