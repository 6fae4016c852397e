package sandbox.cli.runtime;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sandbox.api.ContainerRuntime;
import sandbox.api.SandboxException;

/**
 * The container runtime's CLI ({@code docker} or {@code podman}) as typed calls. Every
 * failure becomes one line carrying the runtime's own stderr, with "not installed" and
 * "daemon not running" recognised and explained.
 */
public final class Engine implements ContainerRuntime {

    private static final Duration SHORT = Duration.ofSeconds(60);
    private static final Duration LONG = Duration.ofMinutes(10);

    private final String executable;
    private final Processes processes;

    public Engine(String executable, Processes processes) {
        this.executable = executable;
        this.processes = processes;
    }

    /**
     * The runtime named by {@code preferred} ({@code docker}/{@code podman}); when empty,
     * Docker if its daemon answers, else Podman (which needs no daemon), else whichever is
     * installed, so the error explains what is wrong with it.
     */
    public static Engine detect(Optional<String> preferred, Processes processes) throws SandboxException {
        if (preferred.isPresent() && !preferred.get().isBlank()) {
            String name = preferred.get().trim();
            if (!name.equals("docker") && !name.equals("podman")) {
                throw new SandboxException("unknown container runtime '" + name + "'", null,
                        "use --runtime docker or --runtime podman (setting 'runtime')", null);
            }
            if (!processes.installed(name)) {
                throw RuntimeFailure.notInstalled(name);
            }
            return new Engine(name, processes);
        }
        boolean docker = processes.installed("docker");
        boolean podman = processes.installed("podman");
        if (docker && podman) {
            Engine d = new Engine("docker", processes);
            return d.answers() ? d : new Engine("podman", processes);
        }
        if (docker || podman) {
            return new Engine(docker ? "docker" : "podman", processes);
        }
        throw new SandboxException("no container runtime installed (looked for docker and podman on the PATH)", null,
                "install Docker (apt-get install docker.io) or Podman, or set --runtime", null);
    }

    @Override
    public String name() {
        return executable;
    }

    public boolean isPodman() {
        return executable.equals("podman");
    }

    /**
     * The server's version; fails with an explanation when the daemon does not answer. A local
     * Podman has no server: it reports its own version as the server's.
     */
    public String serverVersion() throws SandboxException {
        return check("version", call(SHORT, "version", "--format", "{{.Server.Version}}")).stdout().trim();
    }

    private boolean answers() {
        try {
            return call(Duration.ofSeconds(15), "version", "--format", "{{.Server.Version}}").ok();
        } catch (SandboxException e) {
            return false;
        }
    }

    /** Where sandbox-image's build puts an image for this runtime: {@code docker:NAME} or {@code podman:NAME}. */
    public String imageTarget(String imageName) {
        return executable + ":" + imageName;
    }

    // ---- networks and volumes

    public boolean networkExists(String name) throws SandboxException {
        return call(SHORT, "network", "inspect", "--format", "{{.Name}}", name).ok();
    }

    public void createNetwork(String name, Map<String, String> labels, List<String> extra) throws SandboxException {
        List<String> a = new ArrayList<>(List.of("network", "create"));
        labels.forEach((k, v) -> a.addAll(List.of("--label", k + "=" + v)));
        a.addAll(extra);
        a.add(name);
        check("network create " + name, call(SHORT, a));
        if (isPodman() && !Inspected.dnsEnabled(check("network inspect " + name,
                call(SHORT, "network", "inspect", name)).stdout())) {
            removeNetwork(name);
            throw new SandboxException("podman created network " + name + " without DNS, so the sandbox's containers"
                    + " cannot find each other by name (CNI without the dnsname plugin)", null,
                    "install netavark and aardvark-dns (Podman 4 uses them on a fresh store; else set network_backend"
                            + " = \"netavark\" in /etc/containers/containers.conf and run 'podman system reset'),"
                            + " or the CNI dnsname plugin", null);
        }
    }

    public void removeNetwork(String name) throws SandboxException {
        ProcessResult r = call(SHORT, "network", "rm", name);
        if (!r.ok() && !RuntimeFailure.missing(r)) {
            throw failure("network rm " + name, r);
        }
    }

    /** The gateways of a network's subnets (v4 and v6), as the runtime assigned them. */
    public List<String> networkGateways(String name) throws SandboxException {
        return Inspected.gateways(check("network inspect " + name, call(SHORT, "network", "inspect", name)).stdout());
    }

    /**
     * A network's gateways (v4 and v6), or empty when there is no such network: whether to
     * create it and what verify compares the default route with, in one call.
     */
    public Optional<List<String>> networkGatewaysIfExists(String name) throws SandboxException {
        ProcessResult r = call(SHORT, "network", "inspect", name);
        if (!r.ok()) {
            if (RuntimeFailure.missing(r)) {
                return Optional.empty();
            }
            throw failure("network inspect " + name, r);
        }
        return Optional.of(Inspected.gateways(r.stdout()));
    }

    /**
     * Joins a running container to a further network. Podman 4.3 (netavark 1.4, CNI alike)
     * gives a container a default route on every network with a gateway, so the firewall
     * could take the other network for its own; only an internal network (no gateway) is safe.
     */
    /**
     * Whether joining {@code network} could move the container's default route off its own
     * network (whose prefix the firewall then allows): Podman 4.3 gives a route on every
     * network with a gateway; Docker routes through the network whose name sorts first. Only
     * {@code --internal} networks (no gateway) are always safe. Checked before any change.
     */
    public void checkJoinable(String network, String ownNetwork, String container) throws SandboxException {
        boolean internal = Inspected.internal(check("network inspect " + network,
                call(SHORT, "network", "inspect", network)).stdout());
        if (internal) {
            return;
        }
        if (isPodman()) {
            throw new SandboxException("podman network " + network + " has a gateway: Podman would give "
                    + container + " a second default route through it, so the firewall could take that network's"
                    + " prefix for its own", null, "join only internal networks with Podman (podman network create"
                    + " --internal " + network + "), or use --runtime docker", null);
        }
        if (network.compareTo(ownNetwork) < 0) {
            throw new SandboxException("the network " + network + " sorts before " + ownNetwork
                    + " and has a gateway: Docker would route the sandbox's egress through it", null,
                    "join an --internal network, or one whose name sorts after " + ownNetwork, null);
        }
    }

    public void connectNetwork(String network, String container) throws SandboxException {
        check("network connect " + network + " " + container, call(SHORT, "network", "connect", network, container));
    }

    /**
     * Creates the volume when missing. Docker's {@code volume create} keeps an existing one as
     * it is; Podman's fails with "already exists", which is the same outcome.
     */
    public void ensureVolume(String name, Map<String, String> labels) throws SandboxException {
        List<String> a = new ArrayList<>(List.of("volume", "create"));
        labels.forEach((k, v) -> a.addAll(List.of("--label", k + "=" + v)));
        a.add(name);
        ProcessResult r = call(SHORT, a);
        if (!r.ok() && !(isPodman() && r.stderr().contains("already exists"))) {
            throw failure("volume create " + name, r);
        }
    }

    /** Those of {@code names} that do not exist, in their order (one call for all). */
    public List<String> missingVolumes(List<String> names) throws SandboxException {
        if (names.isEmpty()) {
            return List.of();
        }
        List<String> a = new ArrayList<>(List.of("volume", "inspect", "--format", "{{.Name}}"));
        a.addAll(names);
        ProcessResult r = call(SHORT, a);
        if (!r.ok() && !onlyMissing(r)) {
            throw failure("volume inspect", r);
        }
        List<String> present = r.stdout().lines().map(String::strip).toList();
        return names.stream().filter(n -> !present.contains(n)).toList();
    }

    public boolean volumeExists(String name) throws SandboxException {
        return call(SHORT, "volume", "inspect", "--format", "{{.Name}}", name).ok();
    }

    public void removeVolume(String name) throws SandboxException {
        ProcessResult r = call(SHORT, "volume", "rm", name);
        if (!r.ok() && !RuntimeFailure.missing(r)) {
            throw failure("volume rm " + name, r);
        }
    }

    // ---- containers

    /** Starts a detached container; returns its id. */
    public String run(RunSpec spec) throws SandboxException {
        return check("run " + spec.name(), call(LONG, spec.arguments())).stdout().trim();
    }

    public Optional<ContainerInfo> inspect(String container) throws SandboxException {
        Optional<ContainerInfo> info = inspectOnce(container);
        if (isPodman() && info.isPresent() && info.get().running() && info.get().health().equals(Optional.of("starting"))) {
            // Podman runs healthchecks from systemd timers; without systemd (containers, CI,
            // WSL) nothing runs them and the status stays "starting". Run the check now.
            call(SHORT, "healthcheck", "run", container);
            info = inspectOnce(container);
        }
        return info;
    }

    /**
     * Several containers in one call (each call costs a CLI start and a daemon round trip);
     * a missing one is absent from the map.
     */
    public Map<String, ContainerInfo> inspectAll(List<String> containers) throws SandboxException {
        List<String> a = new ArrayList<>(List.of("container", "inspect"));
        a.addAll(containers);
        ProcessResult r = call(SHORT, a);
        // Podman 4.3 refuses to kill a container that is exiting at that moment ("container
        // state improper"); a moment later it is stopped and goes.
        for (int i = 0; i < 5 && isPodman() && !r.ok() && r.stderr().contains("state improper"); i++) {
            pause(Duration.ofMillis(200));
            r = call(SHORT, a);
        }
        if (!r.ok() && !onlyMissing(r)) {
            throw failure("inspect " + String.join(" ", containers), r);
        }
        Map<String, ContainerInfo> found = new LinkedHashMap<>();
        for (ContainerInfo info : Inspected.containers(r.stdout())) {
            found.put(info.name(), info);
        }
        return found;
    }

    /** A failed multi-object call where every complaint is "no such …". */
    private static boolean onlyMissing(ProcessResult r) {
        List<String> lines = r.stderr().lines().filter(l -> !l.isBlank()).toList();
        return !lines.isEmpty() && lines.stream().allMatch(l -> RuntimeFailure.missing(new ProcessResult(1, "", l)));
    }

    private Optional<ContainerInfo> inspectOnce(String container) throws SandboxException {
        ProcessResult r = call(SHORT, "container", "inspect", container);
        if (!r.ok()) {
            if (RuntimeFailure.missing(r)) {
                return Optional.empty();
            }
            throw failure("inspect " + container, r);
        }
        return Optional.of(Inspected.container(r.stdout()));
    }

    @Override
    public boolean isRunning(String container) throws SandboxException {
        return inspect(container).map(ContainerInfo::running).orElse(false);
    }

    public void start(String container) throws SandboxException {
        check("start " + container, call(SHORT, "start", container));
    }

    public void restart(String container) throws SandboxException {
        check("restart " + container, call(SHORT, "restart", "-t", "2", container));
    }

    public void stop(String container) throws SandboxException {
        ProcessResult r = call(SHORT, "stop", "-t", "5", container);
        if (!r.ok() && !RuntimeFailure.missing(r)) {
            throw failure("stop " + container, r);
        }
    }

    /**
     * Removes the container, running or not; a missing one is fine. Docker's {@code rm -f}
     * kills at once; Podman's first waits the stop timeout (10 s), unless told {@code -t 0}.
     */
    public void remove(String container) throws SandboxException {
        removeAll(List.of(container));
    }

    /** Removes several in one call, in order; missing ones are fine. Returns those that were there. */
    public List<String> removeAll(List<String> containers) throws SandboxException {
        if (containers.isEmpty()) {
            return List.of();
        }
        if (isPodman() && containers.size() > 1) {
            // Podman removes the containers of one call in parallel, so a container whose
            // namespace another one joins is refused while that one is still there.
            List<String> removed = new ArrayList<>();
            for (String c : containers) {
                removed.addAll(removeAll(List.of(c)));
            }
            return removed;
        }
        List<String> a = new ArrayList<>(isPodman() ? List.of("rm", "-f", "-t", "0") : List.of("rm", "-f"));
        a.addAll(containers);
        ProcessResult r = call(SHORT, a);
        // Podman 4.3 refuses to kill a container that is exiting at that moment ("container
        // state improper"); a moment later it is stopped and goes.
        for (int i = 0; i < 5 && isPodman() && !r.ok() && r.stderr().contains("state improper"); i++) {
            pause(Duration.ofMillis(200));
            r = call(SHORT, a);
        }
        if (!r.ok() && !onlyMissing(r)) {
            throw failure("rm " + String.join(" ", containers), r);
        }
        // Both runtimes print each container they removed, as it was named.
        return r.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** The IDs of the containers, running or not, that carry {@code key=value}. */
    public List<String> labeled(String key, String value) throws SandboxException {
        ProcessResult r = check("ps", call(SHORT, "ps", "-aq", "--no-trunc", "--filter", "label=" + key + "=" + value));
        return r.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    @Override
    public ProcessResult exec(String container, List<String> command, byte[] stdin) throws SandboxException {
        return exec(container, Optional.empty(), command, stdin);
    }

    /** {@code exec -i [-u USER] CONTAINER COMMAND…}; a non-zero exit is a result. */
    public ProcessResult exec(String container, Optional<String> user, List<String> command, byte[] stdin)
            throws SandboxException {
        List<String> a = new ArrayList<>(List.of("exec", "-i"));
        user.ifPresent(u -> a.addAll(List.of("-u", u)));
        a.add(container);
        a.addAll(command);
        ProcessResult r = call(SHORT, a, stdin);
        if (!r.ok() && RuntimeFailure.daemonDown(r.stderr())) {
            throw failure("exec in " + container, r);
        }
        return r;
    }

    /** The last {@code lines} lines of the container's output (both streams). */
    public String logs(String container, int lines) throws SandboxException {
        ProcessResult r = call(SHORT, "logs", "--tail", Integer.toString(lines), container);
        return (r.stdout() + r.stderr()).strip();
    }

    /** The host address a container port is published on, e.g. {@code 127.0.0.1:49153}. */
    public Optional<String> port(String container, String port) throws SandboxException {
        ProcessResult r = call(SHORT, "port", container, port);
        if (!r.ok()) {
            return Optional.empty();
        }
        return r.stdout().lines().map(String::trim).filter(s -> !s.isEmpty()).findFirst();
    }

    /** The image's id and repo digest, when the image is present. */
    public Optional<ImageInfo> inspectImage(String reference) throws SandboxException {
        ProcessResult r = call(SHORT, "image", "inspect", reference);
        if (!r.ok()) {
            if (RuntimeFailure.missing(r)) {
                return Optional.empty();
            }
            throw failure("image inspect " + reference, r);
        }
        return Optional.of(Inspected.image(r.stdout()));
    }

    /** An image as the daemon knows it. */
    public record ImageInfo(String id, List<String> repoDigests, Map<String, String> labels) {
        public ImageInfo {
            repoDigests = List.copyOf(repoDigests);
            labels = Map.copyOf(labels);
        }
    }

    /** A throwaway {@code run --rm} (doctor's kernel probe); a non-zero exit is a result. */
    public ProcessResult runOnce(List<String> runArguments) throws SandboxException {
        List<String> a = new ArrayList<>(List.of("run", "--rm"));
        a.addAll(runArguments);
        ProcessResult r = call(LONG, a);
        if (!r.ok() && RuntimeFailure.daemonDown(r.stderr())) {
            throw failure("run", r);
        }
        return r;
    }

    /** The command line for an attached call (shell, logs -f). */
    public List<String> commandLine(List<String> arguments) {
        List<String> a = new ArrayList<>();
        a.add(executable);
        a.addAll(arguments);
        return a;
    }

    public int attached(List<String> arguments) throws SandboxException {
        try {
            return processes.attached(commandLine(arguments));
        } catch (IOException e) {
            throw RuntimeFailure.notInstalled(executable);
        }
    }

    // ---- plumbing

    private ProcessResult call(Duration timeout, String... args) throws SandboxException {
        return call(timeout, List.of(args));
    }

    private ProcessResult call(Duration timeout, List<String> args) throws SandboxException {
        return call(timeout, args, new byte[0]);
    }

    private ProcessResult call(Duration timeout, List<String> args, byte[] stdin) throws SandboxException {
        try {
            return processes.run(commandLine(args), stdin, timeout);
        } catch (IOException e) {
            throw RuntimeFailure.notInstalled(executable);
        }
    }

    private ProcessResult check(String action, ProcessResult r) throws SandboxException {
        if (!r.ok()) {
            throw failure(action, r);
        }
        return r;
    }

    SandboxException failure(String action, ProcessResult r) {
        return RuntimeFailure.of(executable, action, r);
    }

    private static void pause(Duration d) throws SandboxException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted", e);
        }
    }

    /** The line of a runtime's output that says what went wrong, for one-line messages. */
    public static String oneLineOf(String text) {
        return RuntimeFailure.oneLine(text);
    }

}
