package sandbox.cli.runtime;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import sandbox.api.ContainerRuntime.ProcessResult;

/**
 * A docker CLI double at the {@link Processes} seam: remembers every argument list and
 * keeps just enough state (containers with labels, networks, volumes) to answer like the
 * real one. Exec answers come from {@link #onExec}.
 */
public final class FakeDocker implements Processes {

    public final List<List<String>> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    public final Map<String, Map<String, String>> containers = new LinkedHashMap<>();
    public final Map<String, Boolean> running = new HashMap<>();
    public final Set<String> networks = new HashSet<>();
    public final Set<String> volumes = new HashSet<>();
    public final Set<String> images = new HashSet<>(Set.of("sandbox:latest"));
    /** Containers by {@code KEY=VALUE} label, for {@code ps --filter label=…}. */
    public final Map<String, List<String>> labeled = new HashMap<>();
    public Function<List<String>, ProcessResult> onExec = cmd -> new ProcessResult(0, "", "");
    public boolean daemonDown;
    public boolean installed = true;

    public static ProcessResult ok(String out) {
        return new ProcessResult(0, out, "");
    }

    public static ProcessResult fail(int code, String err) {
        return new ProcessResult(code, "", err);
    }

    /** The calls whose arguments start with {@code words} (after the executable). */
    public List<List<String>> callsStarting(String... words) {
        return List.copyOf(calls).stream().filter(c -> c.size() > words.length
                && c.subList(1, words.length + 1).equals(List.of(words))).toList();
    }

    @Override
    public synchronized ProcessResult run(List<String> command, byte[] stdin, Duration timeout) throws IOException {
        if (!installed) {
            throw new IOException("Cannot run program \"docker\": error=2, No such file or directory");
        }
        calls.add(List.copyOf(command));
        if (daemonDown) {
            return fail(1, "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?");
        }
        List<String> a = command.subList(1, command.size());
        String verb = a.get(0);
        String last = a.get(a.size() - 1);
        switch (verb) {
            case "version": return ok("20.10.24\n");
            case "network":
                return switch (a.get(1)) {
                    case "inspect" -> !networks.contains(last) ? fail(1, "Error: No such network: " + last)
                            : a.contains("--format") ? ok(last)
                            : ok("[{\"Name\":\"" + last + "\",\"IPAM\":{\"Config\":[{\"Subnet\":\"172.28.0.0/16\","
                                    + "\"Gateway\":\"172.28.0.1\"}]}}]");
                    case "create" -> { networks.add(last); yield ok("id\n"); }
                    case "rm" -> networks.remove(last) ? ok(last) : fail(1, "Error: No such network: " + last);
                    default -> ok("");
                };
            case "volume":
                return switch (a.get(1)) {
                    case "inspect" -> several(a.subList(4, a.size()), v -> volumes.contains(v) ? ok(v + "\n")
                            : fail(1, "Error response from daemon: get " + v + ": no such volume"));
                    case "create" -> { volumes.add(last); yield ok(last); }
                    case "rm" -> volumes.remove(last) ? ok(last) : fail(1, "Error: No such volume: " + last);
                    default -> ok("");
                };
            case "image":
                return images.contains(last) ? ok("{\"Id\":\"sha256:abc123\",\"RepoDigests\":[],\"Config\":{\"Labels\":{}}}")
                        : fail(1, "Error: No such image: " + last);
            case "container":
                if (a.contains("--format")) {
                    return several(a.subList(4, a.size()), this::inspect);
                }
                // Without a format both runtimes print one JSON array of what they found.
                ProcessResult found = several(a.subList(2, a.size()), this::inspect);
                return new ProcessResult(found.exitCode(), "[" + String.join(",", found.stdout().lines()
                        .filter(l -> !l.isBlank()).toList()) + "]", found.stderr());
            case "ps": {
                String filter = a.get(a.indexOf("--filter") + 1);
                return ok(String.join("", labeled.getOrDefault(filter.substring("label=".length()), List.of()).stream()
                        .filter(containers::containsKey).map(c -> c + "\n").toList()));
            }
            case "run": return run(a);
            case "rm":
                return several(a.subList(2, a.size()), c -> {
                    running.remove(c);
                    return containers.remove(c) != null ? ok(c + "\n") : fail(1, "Error: No such container: " + c);
                });
            case "start":
            case "restart":
                running.put(last, true);
                return ok(last);
            case "stop":
                running.put(last, false);
                return ok(last);
            case "exec": return onExec.apply(a);
            case "logs": return ok("[sandbox-init] firewall log line\n");
            case "port": return ok("127.0.0.1:49153\n");
            default: return fail(1, "unknown fake command " + a);
        }
    }

    /** A call naming several objects: one output line per object found, one error line per other. */
    private static ProcessResult several(List<String> names, Function<String, ProcessResult> each) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        for (String n : names) {
            ProcessResult r = each.apply(n);
            out.append(r.stdout().isEmpty() || r.stdout().endsWith("\n") ? r.stdout() : r.stdout() + "\n");
            err.append(r.stderr().isEmpty() ? "" : r.stderr() + "\n");
        }
        return new ProcessResult(err.length() == 0 ? 0 : 1, out.toString(), err.toString());
    }

    private ProcessResult inspect(String name) {
        Map<String, String> labels = containers.get(name);
        if (labels == null) {
            return fail(1, "Error: No such container: " + name);
        }
        boolean up = running.getOrDefault(name, false);
        StringBuilder l = new StringBuilder();
        labels.forEach((k, v) -> l.append(l.length() == 0 ? "" : ",").append('"').append(k).append("\":\"")
                .append(v.replace("\\", "\\\\")).append('"'));
        String health = name.endsWith("-db") ? ",\"Health\":{\"Status\":\"healthy\"}" : "";
        return ok("{\"Id\":\"id-" + name + "\",\"Name\":\"/" + name + "\",\"State\":{\"Status\":\""
                + (up ? "running" : "exited") + "\",\"Running\":" + up + ",\"ExitCode\":0" + health + "},"
                + "\"RestartCount\":0,\"Image\":\"sha256:abc123\",\"HostConfig\":{\"NetworkMode\":\"x\"},"
                + "\"Config\":{\"Labels\":{" + l + "}}}");
    }

    private ProcessResult run(List<String> a) {
        String name = a.get(a.indexOf("--name") + 1);
        if (containers.containsKey(name)) {
            return fail(125, "docker: Error response from daemon: Conflict. The container name \"/" + name + "\" is already in use.");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < a.size() - 1; i++) {
            if (a.get(i).equals("--label")) {
                String[] kv = a.get(i + 1).split("=", 2);
                labels.put(kv[0], kv[1]);
            }
        }
        containers.put(name, labels);
        running.put(name, true);
        return ok("id-" + name + "\n");
    }

    @Override
    public int attached(List<String> command) {
        calls.add(List.copyOf(command));
        return 0;
    }

    @Override
    public boolean installed(String program) {
        return installed && program.equals("docker");
    }
}
