package sandbox.cli.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String executable;
    private final Processes processes;

    public Engine(String executable, Processes processes) {
        this.executable = executable;
        this.processes = processes;
    }

    /**
     * The runtime named by {@code preferred} ({@code docker}/{@code podman}), or the first of
     * them installed when empty.
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
        for (String candidate : List.of("docker", "podman")) {
            if (processes.installed(candidate)) {
                return new Engine(candidate, processes);
            }
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

    /** The server's version; fails with an explanation when the daemon does not answer. */
    public String serverVersion() throws SandboxException {
        String format = isPodman() ? "{{.Server.Version}}" : "{{.Server.Version}}";
        return check("version", call(SHORT, "version", "--format", format)).stdout().trim();
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
    }

    public void removeNetwork(String name) throws SandboxException {
        ProcessResult r = call(SHORT, "network", "rm", name);
        if (!r.ok() && !RuntimeFailure.missing(r)) {
            throw failure("network rm " + name, r);
        }
    }

    /** The gateways of a network's subnets (v4 and v6), as the runtime assigned them. */
    public List<String> networkGateways(String name) throws SandboxException {
        ProcessResult r = check("network inspect " + name,
                call(SHORT, "network", "inspect", "--format", "{{json .IPAM.Config}}", name));
        return gatewaysOf(r.stdout());
    }

    /**
     * A network's gateways (v4 and v6), or empty when there is no such network: whether to
     * create it and what verify compares the default route with, in one call.
     */
    public Optional<List<String>> networkGatewaysIfExists(String name) throws SandboxException {
        ProcessResult r = call(SHORT, "network", "inspect", "--format", "{{json .IPAM.Config}}", name);
        if (!r.ok()) {
            if (RuntimeFailure.missing(r)) {
                return Optional.empty();
            }
            throw failure("network inspect " + name, r);
        }
        return Optional.of(gatewaysOf(r.stdout()));
    }

    private static List<String> gatewaysOf(String ipamJson) throws SandboxException {
        List<String> gateways = new ArrayList<>();
        try {
            JSON.readTree(ipamJson).forEach(c -> {
                if (c.hasNonNull("Gateway") && !c.path("Gateway").asText().isEmpty()) {
                    gateways.add(c.path("Gateway").asText());
                }
            });
        } catch (IOException e) {
            throw new SandboxException("cannot read the runtime's network inspect output: " + e.getMessage(), e);
        }
        return gateways;
    }

    public void connectNetwork(String network, String container) throws SandboxException {
        check("network connect " + network + " " + container, call(SHORT, "network", "connect", network, container));
    }

    /** Creates the volume when missing; {@code volume create} keeps an existing one as it is. */
    public void ensureVolume(String name, Map<String, String> labels) throws SandboxException {
        List<String> a = new ArrayList<>(List.of("volume", "create"));
        labels.forEach((k, v) -> a.addAll(List.of("--label", k + "=" + v)));
        a.add(name);
        check("volume create " + name, call(SHORT, a));
    }

    public boolean volumeExists(String name) throws SandboxException {
        return call(SHORT, "volume", "inspect", "--format", "{{.Name}}", name).ok();
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
        ProcessResult r = call(SHORT, "container", "inspect", "--format", "{{json .}}", container);
        if (!r.ok()) {
            if (RuntimeFailure.missing(r)) {
                return Optional.empty();
            }
            throw failure("inspect " + container, r);
        }
        return Optional.of(parseContainer(r.stdout()));
    }

    /**
     * Several containers in one call (each call costs a CLI start and a daemon round trip);
     * a missing one is absent from the map.
     */
    public Map<String, ContainerInfo> inspectAll(List<String> containers) throws SandboxException {
        List<String> a = new ArrayList<>(List.of("container", "inspect", "--format", "{{json .}}"));
        a.addAll(containers);
        ProcessResult r = call(SHORT, a);
        if (!r.ok() && !onlyMissing(r)) {
            throw failure("inspect " + String.join(" ", containers), r);
        }
        Map<String, ContainerInfo> found = new LinkedHashMap<>();
        for (String line : r.stdout().lines().filter(l -> !l.isBlank()).toList()) {
            ContainerInfo info = parseContainer(line);
            found.put(info.name(), info);
        }
        return found;
    }

    /** A failed multi-object call where every complaint is "no such …". */
    private static boolean onlyMissing(ProcessResult r) {
        List<String> lines = r.stderr().lines().filter(l -> !l.isBlank()).toList();
        return !lines.isEmpty() && lines.stream().allMatch(l -> RuntimeFailure.missing(new ProcessResult(1, "", l)));
    }

    static ContainerInfo parseContainer(String json) throws SandboxException {
        try {
            JsonNode n = JSON.readTree(json);
            JsonNode state = n.path("State");
            JsonNode health = state.has("Health") ? state.path("Health") : state.path("Healthcheck");
            Map<String, String> labels = new LinkedHashMap<>();
            n.path("Config").path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            String name = n.path("Name").asText().replaceFirst("^/", "");
            Optional<String> healthStatus = Optional.of(health.path("Status").asText(""))
                    .filter(s -> !s.isEmpty());
            return new ContainerInfo(name, n.path("Id").asText(), state.path("Status").asText(),
                    // A container in its restart back-off says Running=true; it is not usable.
                    state.path("Running").asBoolean() && !state.path("Restarting").asBoolean(),
                    state.path("ExitCode").asInt(), healthStatus,
                    n.path("RestartCount").asInt(), n.path("Image").asText(),
                    n.path("HostConfig").path("NetworkMode").asText(), labels);
        } catch (IOException e) {
            throw new SandboxException("cannot read the runtime's inspect output: " + e.getMessage(), e);
        }
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

    /** Removes the container, running or not; a missing one is fine. */
    public void remove(String container) throws SandboxException {
        ProcessResult r = call(SHORT, "rm", "-f", container);
        if (!r.ok() && !RuntimeFailure.missing(r)) {
            throw failure("rm " + container, r);
        }
    }

    /** Removes several in one call, in order; missing ones are fine. */
    public void removeAll(List<String> containers) throws SandboxException {
        if (containers.isEmpty()) {
            return;
        }
        List<String> a = new ArrayList<>(List.of("rm", "-f"));
        a.addAll(containers);
        ProcessResult r = call(SHORT, a);
        if (!r.ok() && !onlyMissing(r)) {
            throw failure("rm " + String.join(" ", containers), r);
        }
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
        ProcessResult r = call(SHORT, "image", "inspect", "--format", "{{json .}}", reference);
        if (!r.ok()) {
            if (RuntimeFailure.missing(r)) {
                return Optional.empty();
            }
            throw failure("image inspect " + reference, r);
        }
        try {
            JsonNode n = JSON.readTree(r.stdout());
            List<String> digests = new ArrayList<>();
            n.path("RepoDigests").forEach(d -> digests.add(d.asText()));
            Map<String, String> labels = new LinkedHashMap<>();
            n.path("Config").path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            return Optional.of(new ImageInfo(n.path("Id").asText(), digests, labels));
        } catch (IOException e) {
            throw new SandboxException("cannot read the runtime's image inspect output: " + e.getMessage(), e);
        }
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

    /** The last non-blank line of a runtime's output, for one-line messages. */
    public static String oneLineOf(String text) {
        return RuntimeFailure.oneLine(text);
    }

}
