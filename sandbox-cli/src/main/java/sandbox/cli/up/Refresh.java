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
        if (!engine.isRunning(names.firewall())) {
            throw new SandboxException("the firewall container " + names.firewall() + " is not running", null,
                    "run 'sandbox up'", null);
        }
        ProcessResult r = engine.exec(names.firewall(), List.of("sandbox-init", "refresh"), new byte[0]);
        if (!r.ok()) {
            throw new SandboxException("re-applying the firewall in " + names.firewall() + " failed (exit " + r.exitCode()
                    + "): " + Engine.oneLineOf(r.stderr().isBlank() ? r.stdout() : r.stderr()), null,
                    "the previous rules stay in place; fix the allowlist and run 'sandbox refresh' again", null);
        }
        FirewallState state = verifier.awaitState(wait, s -> true);
        if (state.hash().isPresent() && !state.hash().get().equals(rules.rulesHash())) {
            throw new SandboxException("after the refresh the firewall reports rules " + abbrev(state.hash().get())
                    + " but " + abbrev(rules.rulesHash()) + " were compiled", null,
                    "run 'sandbox up' to recreate the firewall container", null);
        }
        return state;
    }

    private static String abbrev(String h) {
        return h.length() > 12 ? h.substring(0, 12) : h;
    }
}
