package sandbox.cli.up;

import java.time.Duration;
import java.util.List;
import sandbox.api.ContainerRuntime.ProcessResult;
import sandbox.api.FirewallService.FirewallBuild;
import sandbox.api.SandboxException;
import sandbox.cli.runtime.Engine;

/**
 * Re-applies the compiled folder inside the running firewall container — the only place
 * the rules can change, since the agent container holds no NET_ADMIN. The agent keeps
 * running; the apply swaps sets and tables atomically, so there is no open window.
 */
final class Refresh {

    private final Engine engine;
    private final Names names;
    private final Verifier verifier;

    Refresh(Engine engine, Names names, Verifier verifier) {
        this.engine = engine;
        this.names = names;
        this.verifier = verifier;
    }

    FirewallState apply(FirewallBuild rules, Duration wait) throws SandboxException {
        FirewallState state = reapply(wait);
        if (!matches(state, rules)) {
            throw new SandboxException("after the refresh the firewall reports rules " + abbrev(state.hash().orElse("none"))
                    + " but " + abbrev(rules.rulesHash()) + " were compiled (its folder was replaced under the mount?)",
                    null, "run 'sandbox up': it recreates the firewall container on the current folder", null);
        }
        return state;
    }

    static boolean matches(FirewallState state, FirewallBuild rules) {
        return state.hash().map(h -> h.equals(rules.rulesHash())).orElse(true);
    }

    /** Re-applies whatever the container sees in its mounted folder; returns the new state. */
    FirewallState reapply(Duration wait) throws SandboxException {
        if (!engine.isRunning(names.firewall())) {
            throw new SandboxException("the firewall container " + names.firewall() + " is not running", null,
                    "run 'sandbox up'", null);
        }
        ProcessResult r = engine.exec(names.firewall(), List.of("sandbox-init", "refresh"), new byte[0]);
        if (!r.ok()) {
            throw new SandboxException("re-applying the firewall in " + names.firewall() + " failed (exit " + r.exitCode()
                    + "): " + Engine.oneLineOf(r.stderr().isBlank() ? r.stdout() : r.stderr()), null,
                    "the previous rules stay in place; fix the allowlist and run 'sandbox firewall refresh' again", null);
        }
        return verifier.awaitState(wait, s -> true);
    }

    private static String abbrev(String h) {
        return h.length() > 12 ? h.substring(0, 12) : h;
    }
}
