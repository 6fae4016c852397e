package sandbox.cli.up;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import sandbox.api.ContainerRuntime.ProcessResult;
import sandbox.api.SandboxException;
import sandbox.cli.runtime.ContainerInfo;
import sandbox.cli.runtime.Engine;

/**
 * Reads what the firewall container applied and proves it from inside the agent. Each side
 * is read by one {@code exec} running a short POSIX sh script: an exec costs a CLI start and
 * a daemon round trip, so the state, default route and network namespace come together,
 * and the probes run side by side.
 */
public final class Verifier {

    /** How a probe ended. {@code REFUSED} means a fast rejection (REJECT), not a timeout. */
    public enum Outcome { CONNECTED, REFUSED, TIMED_OUT, UNRESOLVED, ERROR }

    public record ProbeResult(Probe probe, Outcome outcome, String detail) { }

    /** A probe to run and how long it may try to connect. */
    public record Check(Probe probe, int timeoutSeconds) { }

    /** What the firewall container shows: its recorded state, its default IPv4 gateway, its network namespace. */
    public record FirewallView(Optional<FirewallState> state, Optional<String> gateway, Optional<String> netns) {
        FirewallView withState(FirewallState s) {
            return new FirewallView(Optional.of(s), gateway, netns);
        }
    }

    /** What the agent container shows: its network namespace and the probe results, in the order asked. */
    public record AgentView(Optional<String> netns, List<ProbeResult> probes) { }

    /**
     * $0 the state file, $1 how many 50 ms ticks to wait for it and the namespace's mark
     * (waiting inside the container instead of one exec per poll), $2 the mark's path. A
     * degraded state has no mark to wait for. Sections are marked by lines the state format ignores.
     * Named at the top: inside a function $1 and $2 are the function's own (empty) arguments.
     */
    static final String FIREWALL_SCRIPT = """
            state=$0 ticks=$1 mark=$2
            ready() {
                [ -s "$state" ] || return 1
                grep -q '^mode=degraded' "$state" && return 0
                case $(cat "$mark" 2>/dev/null) in sandbox-firewall:*) return 0 ;; esac
                return 1
            }
            i=0
            while ! ready && [ "$i" -lt "$ticks" ]; do sleep 0.05 2>/dev/null || sleep 1; i=$((i + 1)); done
            echo '#state'; cat "$state" 2>/dev/null; echo; cat "$mark" 2>/dev/null
            echo '#route'; ip -4 route show default 2>/dev/null
            echo '#netns'; readlink /proc/1/ns/net
            """;

    /**
     * Arguments: triples HOST PORT TIMEOUT. Each probe connects with netcat, or bash's
     * /dev/tcp where there is no nc, in the background; each prints its block with one
     * printf (one write, so blocks do not interleave).
     */
    static final String AGENT_SCRIPT = """
            echo "#netns $(readlink /proc/1/ns/net)"
            probe() {
                if command -v nc >/dev/null 2>&1; then out=$(nc -vz -w "$4" "$2" "$3" 2>&1)
                else out=$(timeout "$(($4 + 1))" bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$2" "$3" 2>&1); fi
                rc=$?
                printf '#probe %s %s\\n%s\\n#end\\n' "$1" "$rc" "$out"
            }
            n=0
            while [ "$#" -ge 3 ]; do probe "$n" "$1" "$2" "$3" & n=$((n + 1)); shift 3; done
            wait
            """;

    private static final int TICKS_PER_CALL = 40;

    private final Engine engine;
    private final Names names;

    public Verifier(Engine engine, Names names) {
        this.engine = engine;
        this.names = names;
    }

    /** The recorded state, only when it is current: its namespace carries the matching mark. */
    public Optional<FirewallState> state() throws SandboxException {
        return firewallView(0).state();
    }

    /** One look at the firewall container, waiting up to {@code ticks} × 50 ms for a state inside it. */
    public FirewallView firewallView(int ticks) throws SandboxException {
        ProcessResult r = engine.exec(names.firewall(),
                List.of("sh", "-c", FIREWALL_SCRIPT, FirewallState.PATH, Integer.toString(ticks), FirewallState.MARK_PATH),
                new byte[0]);
        return parseFirewall(r.stdout());
    }

    static FirewallView parseFirewall(String out) {
        StringBuilder state = new StringBuilder();
        Optional<String> gateway = Optional.empty();
        Optional<String> netns = Optional.empty();
        String section = "";
        for (String line : out.lines().toList()) {
            if (line.equals("#state") || line.equals("#route") || line.equals("#netns")) {
                section = line;
            } else if (section.equals("#state")) {
                state.append(line).append('\n');
            } else if (section.equals("#route") && gateway.isEmpty()) {
                gateway = via(line);
            } else if (section.equals("#netns") && !line.isBlank()) {
                netns = Optional.of(line.strip());
            }
        }
        FirewallState s = FirewallState.parse(state.toString());
        // Only a state its namespace's mark confirms describes the rules in force now.
        return new FirewallView(s.complete() && s.current() ? Optional.of(s) : Optional.empty(), gateway, netns);
    }

    private static Optional<String> via(String route) {
        String[] words = route.strip().split("\\s+");
        for (int i = 0; i + 1 < words.length; i++) {
            if (words[i].equals("via")) {
                return Optional.of(words[i + 1]);
            }
        }
        return Optional.empty();
    }

    /**
     * Waits (bounded) until the network namespace of {@code container} carries the
     * firewall's mark; returns it ({@code sandbox-firewall:MODE:HASH}).
     */
    public String awaitMark(String container, Duration timeout) throws SandboxException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ProcessResult r = engine.exec(container, List.of("cat", FirewallState.MARK_PATH), new byte[0]);
            Optional<String> mark = FirewallState.parse(r.ok() ? r.stdout() : "").mark();
            if (mark.isPresent()) {
                return mark.get();
            }
            if (System.nanoTime() > deadline) {
                throw new SandboxException("the firewall has not marked the network namespace of " + container + " in "
                        + timeout.toSeconds() + " s (its rules may not be applied)", null,
                        "run 'sandbox up' (it rejoins the firewall's namespace), or 'sandbox logs --firewall'", null);
            }
            sleep(150);
        }
    }

    public FirewallState awaitState(Duration timeout, Predicate<FirewallState> ready) throws SandboxException {
        FirewallView v = awaitView(timeout, ready);
        return v.state().orElseThrow();
    }

    /**
     * Waits (bounded) until the firewall container has recorded a state that satisfies
     * {@code ready}. Fails with the container's log tail when it stops or time runs out.
     */
    public FirewallView awaitView(Duration timeout, Predicate<FirewallState> ready) throws SandboxException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long started = System.nanoTime();
            FirewallView v = firewallView(TICKS_PER_CALL);
            if (v.state().isPresent() && ready.test(v.state().get())) {
                return v;
            }
            Optional<ContainerInfo> info = engine.inspect(names.firewall());
            if (info.isEmpty() || !info.get().running()) {
                String tail = tail();
                throw new SandboxException("the firewall container " + names.firewall() + " stopped"
                        + info.map(i -> " (exit " + i.exitCode() + ")").orElse("") + " before recording its state; its log: "
                        + tail, null, hintFor(tail), null);
            }
            if (System.nanoTime() > deadline) {
                throw new SandboxException("the firewall container " + names.firewall()
                        + " recorded no state for its current network namespace (applied and marked) in "
                        + timeout.toSeconds() + " s; its log: " + tail(), null,
                        "raise firewall.wait.seconds, or run 'sandbox doctor'", null);
            }
            if (System.nanoTime() - started < 150_000_000L) {
                // The exec came back at once (container restarting, or a state that is not ready yet).
                sleep(150);
            }
        }
    }

    private static String hintFor(String log) {
        return log.contains("FIREWALL DEGRADED")
                ? "the kernel or runtime cannot apply the firewall; run 'sandbox doctor', or drop --require-firewall to run degraded"
                : "run 'sandbox logs --firewall' and 'sandbox doctor'";
    }

    /** The firewall container's last log lines, joined into one line for an error message. */
    public String tail() throws SandboxException {
        String t = engine.logs(names.firewall(), 8);
        return t.isBlank() ? "(empty)" : String.join(" | ", t.lines().toList());
    }

    /**
     * True when the agent lives in the firewall container's network namespace. After the
     * firewall container restarts, an agent still holds the old (now unplugged) namespace.
     */
    public boolean agentSharesNamespace() throws SandboxException {
        Optional<String> fw = firewallView(0).netns();
        Optional<String> agent = agentView(List.of()).netns();
        return fw.isPresent() && fw.equals(agent);
    }

    /** The agent's network namespace, and each probe connected from inside it, all in one exec. */
    public AgentView agentView(List<Check> checks) throws SandboxException {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", AGENT_SCRIPT, "probe"));
        for (Check c : checks) {
            cmd.addAll(List.of(c.probe().host(), Integer.toString(c.probe().port()), Integer.toString(c.timeoutSeconds())));
        }
        ProcessResult r = engine.exec(names.agent(), cmd, new byte[0]);
        return parseAgent(r, checks);
    }

    static AgentView parseAgent(ProcessResult r, List<Check> checks) {
        Optional<String> netns = Optional.empty();
        ProbeResult[] results = new ProbeResult[checks.size()];
        List<String> lines = r.stdout().lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#netns ") && line.length() > "#netns ".length()) {
                netns = Optional.of(line.substring("#netns ".length()).strip());
            } else if (line.startsWith("#probe ")) {
                String[] head = line.split(" ");
                StringBuilder text = new StringBuilder();
                while (i + 1 < lines.size() && !lines.get(i + 1).equals("#end")) {
                    text.append(lines.get(++i)).append('\n');
                }
                int index = Integer.parseInt(head[1]);
                if (index >= 0 && index < results.length) {
                    ProcessResult one = new ProcessResult(Integer.parseInt(head[2]), "", text.toString());
                    results[index] = new ProbeResult(checks.get(index).probe(), classify(one), Engine.oneLineOf(text.toString()));
                }
            }
        }
        List<ProbeResult> probes = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            // No block at all: the exec itself failed (agent not running, no sh); its words say why.
            probes.add(results[i] != null ? results[i] : new ProbeResult(checks.get(i).probe(), Outcome.ERROR,
                    Engine.oneLineOf(r.stderr().isBlank() ? r.stdout() : r.stderr())));
        }
        return new AgentView(netns, probes);
    }

    static Outcome classify(ProcessResult r) {
        if (r.ok()) {
            return Outcome.CONNECTED;
        }
        String s = (r.stderr() + " " + r.stdout()).toLowerCase(Locale.ROOT);
        if (s.contains("refused") || s.contains("no route") || s.contains("unreachable") || s.contains("permission denied")
                || s.contains("prohibited") || s.contains("not permitted")) {
            return Outcome.REFUSED;
        }
        if (s.contains("timed out") || s.contains("timeout") || r.exitCode() == 124) {
            return Outcome.TIMED_OUT;
        }
        if (s.contains("name or service not known") || s.contains("name resolution") || s.contains("not known")
                || s.contains("no address")) {
            return Outcome.UNRESOLVED;
        }
        return Outcome.ERROR;
    }

    private static void sleep(long millis) throws SandboxException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while waiting for the firewall");
        }
    }
}
