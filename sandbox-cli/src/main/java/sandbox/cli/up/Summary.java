package sandbox.cli.up;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * What {@code up} leaves the user with, as text or JSON. Holds the database's host and port,
 * never its password.
 */
public record Summary(String runtime, String agent, String firewall, String image, String imageId, String digest, String planHash, String mode,
                      String requestedMode, int v4Blocks, int v6Blocks, String rulesHash, Optional<String> appliedHash,
                      Optional<String> database, Optional<String> databaseOnHost, List<Verifier.ProbeResult> probes,
                      List<String> actions, List<String> warnings, long elapsedMillis) {

    public Summary {
        probes = List.copyOf(probes);
        actions = List.copyOf(actions);
        warnings = List.copyOf(warnings);
    }

    public static final String PERMISSIVE_BANNER =
            "FIREWALL PERMISSIVE: egress is NOT filtered; the agent can reach any host (--mode permissive)";
    public static final String DEGRADED_BANNER =
            "FIREWALL DEGRADED: the rules could not be applied; egress is NOT filtered (run 'sandbox doctor')";

    public Optional<String> banner() {
        return switch (mode) {
            case "permissive" -> Optional.of(PERMISSIVE_BANNER);
            case "degraded" -> Optional.of(DEGRADED_BANNER);
            default -> Optional.empty();
        };
    }

    public String toText() {
        StringBuilder b = new StringBuilder();
        banner().ifPresent(x -> b.append("!!! ").append(x).append(" !!!\n"));
        b.append("sandbox is up: ").append(agent).append(" (firewall in ").append(firewall).append(")\n");
        // The ID is what 'docker image inspect/run' knows; the manifest digest is Jib's, for registries.
        b.append("  image     ").append(image).append(imageId.isEmpty() ? "" : " id " + imageId)
                .append(digest.isEmpty() || digest.equals(imageId) ? "" : " (manifest " + digest + ")").append('\n');
        b.append("  firewall  ").append(mode).append(", ").append(v4Blocks).append(" IPv4 and ").append(v6Blocks)
                .append(" IPv6 blocks allowed");
        if (mode.equals("strict")) {
            b.append(", enforced and verified");
        }
        b.append('\n');
        for (Verifier.ProbeResult p : probes) {
            b.append("  probe     ").append(p.probe()).append(": ").append(p.outcome().name().toLowerCase().replace('_', ' '))
                    .append('\n');
        }
        database.ifPresent(d -> b.append("  database  ").append(d)
                .append(databaseOnHost.map(h -> " (from the host: " + h + ")").orElse("")).append('\n'));
        b.append("  shell     ./sandbox shell   (or: ").append(runtime).append(" exec -it -u claude ").append(agent).append(" bash)\n");
        b.append("  done in   ").append(String.format("%.1f s", elapsedMillis / 1000.0));
        if (!actions.isEmpty()) {
            b.append(" (").append(String.join(", ", actions)).append(')');
        }
        b.append('\n');
        return b.toString();
    }

    public ObjectNode toJson(ObjectMapper json) {
        ObjectNode n = json.createObjectNode();
        n.put("runtime", runtime);
        n.put("container", agent);
        n.put("firewallContainer", firewall);
        n.put("image", image);
        n.put("imageId", imageId);
        n.put("digest", digest);
        n.put("planHash", planHash);
        ObjectNode fw = n.putObject("firewall");
        fw.put("mode", mode);
        fw.put("requestedMode", requestedMode);
        fw.put("v4Blocks", v4Blocks);
        fw.put("v6Blocks", v6Blocks);
        fw.put("rulesHash", rulesHash);
        appliedHash.ifPresentOrElse(h -> fw.put("appliedHash", h), () -> fw.putNull("appliedHash"));
        banner().ifPresent(x -> fw.put("banner", x));
        ArrayNode probesNode = fw.putArray("probes");
        for (Verifier.ProbeResult p : probes) {
            probesNode.addObject().put("target", p.probe().toString()).put("outcome", p.outcome().name().toLowerCase())
                    .put("detail", p.detail());
        }
        database.ifPresent(d -> n.putObject("database").put("url", d).put("host", databaseOnHost.orElse("")));
        n.put("shell", "./sandbox shell");
        ArrayNode a = n.putArray("actions");
        actions.forEach(a::add);
        ArrayNode w = n.putArray("warnings");
        warnings.forEach(w::add);
        n.put("elapsedMillis", elapsedMillis);
        return n;
    }
}
