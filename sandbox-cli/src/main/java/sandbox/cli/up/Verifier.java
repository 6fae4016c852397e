package sandbox.cli.up;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import sandbox.api.ContainerRuntime.ProcessResult;
import sandbox.api.SandboxException;
import sandbox.cli.runtime.ContainerInfo;
import sandbox.cli.runtime.Engine;

/** Reads what the firewall container applied and proves it from inside the agent. */
public final class Verifier {

    /** How a probe ended. {@code REFUSED} means a fast rejection (REJECT), not a timeout. */
    public enum Outcome { CONNECTED, REFUSED, TIMED_OUT, UNRESOLVED, ERROR }

    public record ProbeResult(Probe probe, Outcome outcome, String detail) { }

    private final Engine engine;
    private final Names names;

    public Verifier(Engine engine, Names names) {
        this.engine = engine;
        this.names = names;
    }

    /** The recorded state, only when it is current: its namespace carries the matching mark. */
    public Optional<FirewallState> state() throws SandboxException {
        ProcessResult r = engine.exec(names.firewall(), List.of("cat", FirewallState.PATH, FirewallState.MARK_PATH),
                new byte[0]);
        if (!r.ok()) {
            return Optional.empty();
        }
        FirewallState s = FirewallState.parse(r.stdout());
        return s.complete() && s.current() ? Optional.of(s) : Optional.empty();
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

    /**
     * Waits (bounded) until the firewall container has recorded a state that satisfies
     * {@code ready}. Fails with the container's log tail when it stops or time runs out.
     */
    public FirewallState awaitState(Duration timeout, Predicate<FirewallState> ready) throws SandboxException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<ContainerInfo> info = engine.inspect(names.firewall());
            if (info.isEmpty() || !info.get().running()) {
                throw new SandboxException("the firewall container " + names.firewall() + " stopped"
                        + info.map(i -> " (exit " + i.exitCode() + ")").orElse("") + " before recording its state; its log: "
                        + tail(), null, hintFor(tail()), null);
            }
            Optional<FirewallState> s = state();
            if (s.isPresent() && ready.test(s.get())) {
                return s.get();
            }
            if (System.nanoTime() > deadline) {
                throw new SandboxException("the firewall container " + names.firewall()
                        + " recorded no state for its current network namespace (applied and marked) in " + timeout.toSeconds() + " s; its log: " + tail(), null,
                        "raise firewall.wait.seconds, or run 'sandbox doctor'", null);
            }
            sleep(150);
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
        Optional<String> fw = netns(names.firewall());
        Optional<String> agent = netns(names.agent());
        return fw.isPresent() && fw.equals(agent);
    }

    private Optional<String> netns(String container) throws SandboxException {
        ProcessResult r = engine.exec(container, List.of("readlink", "/proc/1/ns/net"), new byte[0]);
        return r.ok() && !r.stdout().isBlank() ? Optional.of(r.stdout().strip()) : Optional.empty();
    }

    /**
     * The IPv4 gateway of the firewall container's default route. The firewall allows the
     * prefix of the default-route interface, so it must be the sandbox's own network: Docker
     * moves the default route to another network that sorts first by name (or has IPv6 when
     * this one has not).
     */
    public Optional<String> defaultGateway() throws SandboxException {
        ProcessResult r = engine.exec(names.firewall(), List.of("ip", "-4", "route", "show", "default"), new byte[0]);
        if (!r.ok()) {
            return Optional.empty();
        }
        String[] words = r.stdout().strip().split("\\s+");
        for (int i = 0; i + 1 < words.length; i++) {
            if (words[i].equals("via")) {
                return Optional.of(words[i + 1]);
            }
        }
        return Optional.empty();
    }

    /** Connects from inside the agent with netcat, or bash's /dev/tcp where there is no nc. */
    public ProbeResult probe(Probe p) throws SandboxException {
        String port = Integer.toString(p.port());
        ProcessResult r = engine.exec(names.agent(), List.of("nc", "-vz", "-w", "3", p.host(), port), new byte[0]);
        if (r.exitCode() == 126 || r.exitCode() == 127 || r.stderr().contains("executable file not found")) {
            r = engine.exec(names.agent(), List.of("timeout", "4", "bash", "-c", "exec 3<>\"/dev/tcp/$0/$1\"", p.host(), port),
                    new byte[0]);
        }
        return new ProbeResult(p, classify(r), Engine.oneLineOf(r.stderr().isBlank() ? r.stdout() : r.stderr()));
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
