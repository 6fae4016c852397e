package sandbox.cli.up;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import sandbox.api.Arguments;
import sandbox.api.Command;
import sandbox.api.Invocation;
import sandbox.api.Project;
import sandbox.api.SandboxException;
import sandbox.cli.runtime.ContainerInfo;

/**
 * {@code sandbox status [--json]}: containers, health, the firewall's recorded mode and
 * counts, and drift between the compiled folder and what the firewall container applied.
 * Exit 0 when the sandbox is running in its requested mode with no drift, 1 otherwise.
 */
public final class StatusCommand implements Command {

    /** Made on first use: a command is instantiated for every {@code --help}, Jackson is not cheap. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    @Override
    public String name() {
        return "status";
    }

    @Override
    public String summary() {
        return "containers, health, firewall mode and counts, drift between compiled and applied rules";
    }

    @Override
    public String usage() {
        return "Usage: sandbox status [--json]\n\nExit 0 when the sandbox runs in the requested firewall mode with the compiled\n"
                + "rules applied (no drift), 1 otherwise.\n";
    }

    @Override
    public int run(Invocation inv) throws SandboxException {
        Arguments args = Arguments.parse(inv.args(), Set.of("--json"), Set.of("--runtime")).atMostPositionals(0);
        Context ctx = Context.ofRunning(inv, UpOptions.withFlags(inv.settings(), args));
        Names n = ctx.names();
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("prefix", n.prefix());
        root.put("runtime", ctx.engine().name());
        ObjectNode containers = root.putObject("containers");
        boolean fwRunning = false;
        boolean agentRunning = false;
        // One runtime call for all three (each call is a CLI start and a daemon round trip).
        java.util.Map<String, ContainerInfo> found = ctx.engine().inspectAll(List.of(n.firewall(), n.agent(), n.db()));
        for (String role : List.of("firewall", "agent", "db")) {
            String name = role.equals("firewall") ? n.firewall() : role.equals("agent") ? n.agent() : n.db();
            Optional<ContainerInfo> info = Optional.ofNullable(found.get(name));
            ObjectNode c = containers.putObject(role);
            c.put("name", name);
            c.put("exists", info.isPresent());
            c.put("status", info.map(ContainerInfo::status).orElse("absent"));
            c.put("running", info.map(ContainerInfo::running).orElse(false));
            c.put("health", info.flatMap(ContainerInfo::health).orElse("none"));
            c.put("restarts", info.map(ContainerInfo::restartCount).orElse(0));
            info.flatMap(i -> i.label(Containers.LABEL_PLAN)).ifPresent(p -> c.put("planHash", p));
            fwRunning |= role.equals("firewall") && info.map(ContainerInfo::running).orElse(false);
            agentRunning |= role.equals("agent") && info.map(ContainerInfo::running).orElse(false);
        }
        Verifier verifier = new Verifier(ctx.engine(), n);
        Optional<FirewallState> state = fwRunning ? verifier.state() : Optional.empty();
        Optional<String> compiled = compiledHash(inv.project());
        ObjectNode fw = root.putObject("firewall");
        fw.put("requestedMode", ctx.options().mode());
        fw.put("mode", state.map(FirewallState::mode).orElse(fwRunning ? "unknown" : "down"));
        state.flatMap(s -> s.count("v4")).ifPresent(v -> fw.put("v4Blocks", v));
        state.flatMap(s -> s.count("v6")).ifPresent(v -> fw.put("v6Blocks", v));
        state.flatMap(s -> s.get("applied")).ifPresent(v -> fw.put("applied", appliedAt(v)));
        fw.put("appliedHash", state.flatMap(FirewallState::hash).orElse(null));
        fw.put("compiledHash", compiled.orElse(null));
        boolean drift = state.isPresent() && compiled.isPresent() && !compiled.equals(state.flatMap(FirewallState::hash));
        fw.put("drift", drift);
        var editors = root.putArray("editors");
        ctx.engine().labeled(Devcontainer.LABEL, n.prefix()).forEach(id -> editors.add(id.substring(0, Math.min(12, id.length()))));
        boolean shared = fwRunning && agentRunning && verifier.agentSharesNamespace();
        fw.put("agentInFirewallNamespace", shared);
        boolean healthy = fwRunning && agentRunning && shared && !drift
                && state.map(s -> s.mode().equals(ctx.options().mode())).orElse(false);
        root.put("healthy", healthy);
        if (args.has("--json")) {
            inv.console().out().println(root.toPrettyString());
        } else {
            print(inv, root);
        }
        return healthy ? 0 : 1;
    }

    private static void print(Invocation inv, ObjectNode root) {
        var out = inv.console().out();
        root.path("containers").fields().forEachRemaining(e -> {
            JsonNode c = e.getValue();
            out.printf("%-9s %-24s %s%s%n", e.getKey(), c.path("name").asText(), c.path("status").asText(),
                    c.path("health").asText().equals("none") ? "" : " (" + c.path("health").asText() + ")");
        });
        JsonNode fw = root.path("firewall");
        String mode = fw.path("mode").asText();
        out.printf("firewall  %s (requested %s)%s%n", mode, fw.path("requestedMode").asText(),
                fw.has("v4Blocks") ? ", " + fw.path("v4Blocks").asText() + " IPv4 / " + fw.path("v6Blocks").asText()
                        + " IPv6 blocks" : "");
        if (mode.equals("permissive")) {
            out.println("!!! " + Summary.PERMISSIVE_BANNER + " !!!");
        } else if (mode.equals("degraded")) {
            out.println("!!! " + Summary.DEGRADED_BANNER + " !!!");
        }
        if (fw.path("drift").asBoolean()) {
            out.println("drift     the compiled rules differ from the applied ones: run 'sandbox firewall refresh'");
        } else if (fw.hasNonNull("appliedHash") && fw.hasNonNull("compiledHash")) {
            out.println("drift     none: the applied rules are the compiled ones" + (fw.has("applied")
                    ? " (applied " + fw.path("applied").asText() + ")" : ""));
        }
        JsonNode editors = root.path("editors");
        if (editors.size() > 0) {
            out.println("editors   " + editors.size() + " editor container(s) in the sandbox ('sandbox down' removes them)");
        }
        out.println("healthy   " + root.path("healthy").asBoolean() + (root.path("healthy").asBoolean() ? "" : " (" + whyNot(root) + ")"));
    }

    /** The first reason status is not healthy, in the order a user would look. */
    static String whyNot(JsonNode root) {
        JsonNode c = root.path("containers");
        JsonNode fw = root.path("firewall");
        if (!c.path("firewall").path("running").asBoolean()) {
            return "the firewall container is not running";
        }
        if (!c.path("agent").path("running").asBoolean()) {
            return "the agent container is not running";
        }
        if (!fw.path("agentInFirewallNamespace").asBoolean()) {
            return "the agent is not in the firewall's network namespace: run 'sandbox up'";
        }
        if (fw.path("drift").asBoolean()) {
            return "the applied rules are not the compiled ones: run 'sandbox firewall refresh'";
        }
        return "the firewall is " + fw.path("mode").asText() + ", " + fw.path("requestedMode").asText() + " was asked for";
    }

    /** The state records seconds since the epoch; status shows an ISO-8601 instant. */
    static String appliedAt(String recorded) {
        try {
            return java.time.Instant.ofEpochSecond(Long.parseLong(recorded.strip())).toString();
        } catch (NumberFormatException e) {
            return recorded;
        }
    }

    /** The hash of the compiled folder: from its manifest when it records one, else from the last up. */
    static Optional<String> compiledHash(Project project) {
        Path manifest = project.firewallDir().resolve("manifest.json");
        if (Files.isRegularFile(manifest)) {
            try {
                JsonNode m = Json.MAPPER.readTree(manifest.toFile());
                for (String key : List.of("rulesHash", "hash")) {
                    if (m.hasNonNull(key) && !m.path(key).asText().isEmpty()) {
                        return Optional.of(m.path(key).asText());
                    }
                }
            } catch (IOException e) {
                // fall back to the record
            }
        }
        return UpRecord.read(project).map(r -> r.produced().get("rulesHash"));
    }
}
