package sandbox.cli.up;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import sandbox.api.Console;
import sandbox.api.ContainerRuntime.ProcessResult;
import sandbox.api.FirewallService;
import sandbox.api.ImageService;
import sandbox.api.Invocation;
import sandbox.api.Project;
import sandbox.api.SecretService;
import sandbox.api.Services;
import sandbox.api.Settings;
import sandbox.cli.runtime.Engine;
import sandbox.cli.runtime.FakeDocker;

/** The other modules' services and the docker CLI, faked at their seams, plus a captured console. */
final class Fakes {

    static final String PASSWORD = "pw-NEVER-IN-ARGS-0123456789abcdef";

    final Project project;
    final FakeDocker docker = new FakeDocker();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final List<FirewallService.Request> compiles = new ArrayList<>();
    String rulesHash = "rules-1";
    String appliedHash = "rules-1";
    String appliedMode = "strict";
    String planHash = "plan-1";
    boolean imageSkipped;
    boolean firewallDiesOnStart;
    String gateway = "172.28.0.1";
    boolean staleMount;
    String firewallNetns = "net:[4026531840]";
    String agentNetns = "net:[4026531840]";
    /** The namespace carries the apply's mark; false: a state file from before a restart, not yet re-applied. */
    boolean marked = true;
    ProcessResult blockedProbe = FakeDocker.fail(1, "nc: connect to 192.0.2.1 port 443 (tcp) failed: Connection refused");

    Fakes(Path root) {
        this.project = new Project(root);
        docker.onExec = this::exec;
    }

    private ProcessResult exec(List<String> a) {
        int at = a.get(2).equals("-u") ? 4 : 2;
        String container = a.get(at);
        List<String> cmd = a.subList(at + 1, a.size());
        if (firewallDiesOnStart && container.endsWith("-firewall")) {
            docker.running.put(container, false);
            return FakeDocker.fail(1, "Error response from daemon: Container is not running");
        }
        if (cmd.get(0).equals("sh") && cmd.get(2).equals(Verifier.FIREWALL_SCRIPT)) {
            return FakeDocker.ok("#state\n" + stateFile() + "#route\ndefault via " + gateway + " dev eth0\n#netns\n"
                    + firewallNetns + "\n");
        }
        if (cmd.get(0).equals("sh") && cmd.get(2).equals(Verifier.AGENT_SCRIPT)) {
            // The script's protocol: the namespace, then one block per HOST PORT TIMEOUT triple.
            StringBuilder out = new StringBuilder("#netns " + agentNetns + "\n");
            List<String> triples = cmd.subList(4, cmd.size());
            for (int i = 0; i + 2 < triples.size(); i += 3) {
                ProcessResult r = triples.get(i).equals("192.0.2.1") ? blockedProbe : FakeDocker.ok("");
                out.append("#probe ").append(i / 3).append(' ').append(r.exitCode()).append('\n')
                        .append(r.ok() ? "Connection to " + triples.get(i) + " succeeded!" : r.stderr()).append("\n#end\n");
            }
            return FakeDocker.ok(out.toString());
        }
        return switch (cmd.get(0)) {
            case "cat" -> FakeDocker.ok(stateFile());
            case "readlink" -> FakeDocker.ok("net:[4026531840]\n");
            case "ip" -> FakeDocker.ok("default via " + gateway + " dev eth0\n");
            case "sandbox-init" -> {
                appliedHash = staleMount ? appliedHash : rulesHash;
                yield FakeDocker.ok("");
            }
            case "nc" -> cmd.contains("192.0.2.1") ? blockedProbe : FakeDocker.ok("Connection succeeded");
            default -> FakeDocker.fail(127, "executable file not found");
        };
    }

    private String stateFile() {
        return "mode=" + appliedMode + "\nhash=" + appliedHash + "\nv4=3\nv6=1\napplied=2026-12-03T16:00:00Z\n"
                + (marked ? "sandbox-firewall:" + appliedMode + ":" + appliedHash + "\n" : "\n");
    }

    Invocation invocation(Settings settings, String... args) {
        Console console = Console.of(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Console.Verbosity.NORMAL, false);
        Engine engine = new Engine("docker", docker);
        Services services = new Services() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> Optional<T> find(Class<T> type) {
                Object o = null;
                if (type == Engine.class) {
                    o = engine;
                } else if (type == FirewallService.class) {
                    o = firewall();
                } else if (type == SecretService.class) {
                    o = secrets();
                } else if (type == ImageService.class) {
                    o = images();
                }
                return Optional.ofNullable((T) o);
            }
        };
        return new Invocation(List.of(args), project, settings, console, services);
    }

    String output() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    private FirewallService firewall() {
        return new FirewallService() {
            @Override
            public FirewallBuild compile(Request request, Console console) {
                compiles.add(request);
                try {
                    Files.createDirectories(request.outDir());
                    Files.writeString(request.outDir().resolve("manifest.json"), "{\"mode\":\"" + request.mode() + "\"}");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return new FirewallBuild(request.outDir(), request.mode(), 3, 1, rulesHash, List.of());
            }

            @Override
            public String applyScript() {
                return "#!/bin/sh\n";
            }
        };
    }

    private SecretService secrets() {
        return (envFile, console) -> {
            try {
                Files.createDirectories(envFile.getParent());
                if (!Files.exists(envFile)) {
                    Files.writeString(envFile, "POSTGRES_USER=sandbox\nPOSTGRES_PASSWORD=" + PASSWORD
                            + "\nPOSTGRES_DB=sandbox\nPGHOST=claude-db\nPGPORT=5432\nPGUSER=sandbox\nPGPASSWORD="
                            + PASSWORD + "\nPGDATABASE=sandbox\nDATABASE_URL=postgresql://sandbox:" + PASSWORD
                            + "@claude-db:5432/sandbox\n");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new SecretService.SecretStatus(envFile, false, List.of(), List.of());
        };
    }

    /** Every image build (or skip check) asked of the fake image service. */
    final List<ImageService.Request> builds = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    private ImageService images() {
        return (request, console) -> {
            builds.add(request);
            return new ImageService.ImageBuild(request.target(), "sandbox:latest",
                "sha256:digest-" + planHash, "sha256:abc123", planHash, imageSkipped);
        };
    }
}
