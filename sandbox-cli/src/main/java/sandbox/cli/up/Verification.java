package sandbox.cli.up;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import sandbox.api.Console;
import sandbox.api.SandboxException;
import sandbox.cli.up.Verifier.AgentView;
import sandbox.cli.up.Verifier.FirewallView;

/**
 * Step 9 of {@code up}: the recorded mode is the requested one, the firewall's default route
 * is the sandbox network, the agent shares the firewall's network namespace, and in strict
 * mode the probes prove it from inside: the blocked target refused, the allowed one reached.
 */
final class Verification {

    /** A refusal (REJECT) is immediate; waiting longer would only delay a failure. */
    private static final int BLOCKED_TIMEOUT_SECONDS = 2;
    private static final int ALLOWED_TIMEOUT_SECONDS = 3;

    private final UpOptions options;
    private final Verifier verifier;
    private final Console console;
    private final List<String> warnings;

    Verification(UpOptions options, Verifier verifier, Console console, List<String> warnings) {
        this.options = options;
        this.verifier = verifier;
        this.console = console;
        this.warnings = warnings;
    }

    /**
     * The probes to run: only when the firewall is strict as requested (otherwise there is
     * nothing to prove); the blocked one first.
     */
    List<Verifier.Check> checks(FirewallState state) {
        if (!state.mode().equals("strict") || !options.mode().equals("strict")) {
            return List.of();
        }
        List<Verifier.Check> checks = new ArrayList<>();
        options.probeBlocked().ifPresent(p -> checks.add(new Verifier.Check(p, BLOCKED_TIMEOUT_SECONDS)));
        options.probeAllowed().ifPresent(p -> checks.add(new Verifier.Check(p, ALLOWED_TIMEOUT_SECONDS)));
        return checks;
    }

    /**
     * @param agentNew the agent was just started with {@code --network container:<firewall>}
     * @param agentView what the agent showed already (with the probes of {@link #checks}), if it was looked at
     */
    List<Verifier.ProbeResult> prove(FirewallState state, FirewallView firewall, List<String> sandboxGateways,
                                     boolean agentNew, Optional<AgentView> agentView) throws SandboxException {
        if (state.mode().equals("degraded")) {
            console.warn(Summary.DEGRADED_BANNER);
            return List.of();
        }
        if (!state.mode().equals(options.mode())) {
            throw new SandboxException("the firewall is " + state.mode() + " but " + options.mode() + " was requested",
                    null, "run 'sandbox firewall refresh' or 'sandbox logs --firewall'", null);
        }
        if (state.mode().equals("permissive")) {
            console.warn(Summary.PERMISSIVE_BANNER);
            return List.of();
        }
        Optional<String> gateway = firewall.gateway();
        if (gateway.isPresent() && !sandboxGateways.contains(gateway.get())) {
            throw new SandboxException("the firewall container's default route (via " + gateway.get()
                    + ") is not the sandbox network " + options.names().network()
                    + ", so the firewall would allow that other network's prefix", null,
                    "Docker puts the default route on the network that sorts first by name (IPv6 networks first);"
                            + " rename the extra network so it sorts after " + options.names().network(), null);
        }
        AgentView view = agentView.isPresent() ? agentView.get() : verifier.agentView(checks(state));
        // A fresh agent was just started in the firewall's namespace; an older one is checked.
        if (!agentNew && !(firewall.netns().isPresent() && firewall.netns().equals(view.netns()))) {
            throw new SandboxException("the agent container is not in the firewall container's network namespace", null,
                    "run 'sandbox up' again, or 'sandbox down' then 'sandbox up'", null);
        }
        List<Verifier.ProbeResult> results = view.probes();
        for (int i = 0; i < results.size(); i++) {
            Verifier.ProbeResult r = results.get(i);
            boolean blocked = i == 0 && options.probeBlocked().isPresent();
            if (blocked && r.outcome() != Verifier.Outcome.REFUSED) {
                throw new SandboxException("the firewall is not enforcing: " + r.probe() + " must be refused from inside "
                        + options.names().agent() + " but was " + r.outcome().name().toLowerCase().replace('_', ' ')
                        + " (" + r.detail() + ")", null, "run 'sandbox doctor'; do not use this sandbox unattended", null);
            }
            if (!blocked && r.outcome() != Verifier.Outcome.CONNECTED) {
                warnings.add("allowed probe " + r.probe() + " did not connect (" + r.detail() + ")");
                console.warn("allowed probe " + r.probe() + " did not connect: " + r.detail()
                        + " (offline? set probe.allowed to a host you allowed, or 'none')");
            }
        }
        return results;
    }
}
