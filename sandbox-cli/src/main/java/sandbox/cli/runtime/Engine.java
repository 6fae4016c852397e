package sandbox.cli.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
                throw notInstalled(name);
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
        if (!r.ok() && !missing(r)) {
            throw failure("network rm " + name, r);
        }
    }

    /** The gateways of a network's subnets (v4 and v6), as the runtime assigned them. */
    public List<String> networkGateways(String name) throws SandboxException {
        ProcessResult r = check("network inspect " + name,
                call(SHORT, "network", "inspect", "--format", "{{json .IPAM.Config}}", name));
        List<String> gateways = new ArrayList<>();
        try {
            JSON.readTree(r.stdout()).forEach(c -> {
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

    public void removeVolume(String name) throws SandboxException {
        ProcessResult r = call(SHORT, "volume", "rm", name);
        if (!r.ok() && !missing(r)) {
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
            if (missing(r)) {
                return Optional.empty();
            }
            throw failure("inspect " + container, r);
        }
        return Optional.of(parseContainer(r.stdout()));
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
        if (!r.ok() && !missing(r)) {
            throw failure("stop " + container, r);
        }
    }

    /** Removes the container, running or not; a missing one is fine. */
    public void remove(String container) throws SandboxException {
        ProcessResult r = call(SHORT, "rm", "-f", container);
        if (!r.ok() && !missing(r)) {
            throw failure("rm " + container, r);
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
        if (!r.ok() && daemonDown(r.stderr())) {
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
            if (missing(r)) {
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
        if (!r.ok() && daemonDown(r.stderr())) {
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
            throw notInstalled(executable);
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
            throw notInstalled(executable);
        }
    }

    private ProcessResult check(String action, ProcessResult r) throws SandboxException {
        if (!r.ok()) {
            throw failure(action, r);
        }
        return r;
    }

    /** One line: what failed, the runtime's own words, what to do. */
    SandboxException failure(String action, ProcessResult r) {
        String said = oneLine(r.stderr().isBlank() ? r.stdout() : r.stderr());
        if (daemonDown(r.stderr())) {
            return new SandboxException(executable + " " + action + " failed: the " + executable
                    + (isPodman() ? " service" : " daemon") + " is not running (" + said + ")", null,
                    isPodman() ? "start it: systemctl --user start podman.socket, or run as root"
                            : "start it: sudo systemctl start docker (or run dockerd), then retry", null);
        }
        if (r.stderr().toLowerCase(Locale.ROOT).contains("permission denied") && r.stderr().contains(".sock")) {
            return new SandboxException(executable + " " + action + " failed: no permission to use the daemon ("
                    + said + ")", null, "add your user to the 'docker' group, or run as root", null);
        }
        return new SandboxException(executable + " " + action + " failed (exit " + r.exitCode() + "): " + said);
    }

    static boolean daemonDown(String stderr) {
        String s = stderr.toLowerCase(Locale.ROOT);
        return s.contains("cannot connect to the docker daemon") || s.contains("is the docker daemon running")
                || s.contains("cannot connect to podman") || s.contains("unable to connect to podman");
    }

    static boolean missing(ProcessResult r) {
        String s = r.stderr().toLowerCase(Locale.ROOT);
        return s.contains("no such") || s.contains("not found") || s.contains("does not exist")
                || s.contains("no container with name");
    }

    public static String oneLineOf(String text) {
        return oneLine(text);
    }

    static String oneLine(String text) {
        List<String> lines = text.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            return "no message";
        }
        String last = lines.get(lines.size() - 1);
        return last.length() > 400 ? last.substring(0, 400) + "…" : last;
    }

    static SandboxException notInstalled(String name) {
        return new SandboxException(name + " is not installed (not found on the PATH)", null,
                name.equals("podman") ? "install Podman (apt-get install podman) or use --runtime docker"
                        : "install Docker (apt-get install docker.io) or use --runtime podman", null);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
