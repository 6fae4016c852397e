package sandbox.cli.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sandbox.api.SandboxException;

/**
 * The runtimes' {@code inspect} JSON, read the same way for Docker and Podman. Both print an
 * array for a plain {@code inspect NAME}; they differ inside it: Podman's image and container
 * image IDs have no {@code sha256:} prefix, its network subnets are {@code subnets[].gateway}
 * (Docker: {@code IPAM.Config[].Gateway}), and a container without labels has
 * {@code "Labels": null}.
 */
final class Inspected {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Inspected() {
    }

    /** The first object of an {@code inspect} answer (an array of one), or the object itself. */
    static JsonNode first(String json, String what) throws SandboxException {
        try {
            JsonNode n = JSON.readTree(json);
            return n != null && n.isArray() ? n.path(0) : n == null ? JSON.missingNode() : n;
        } catch (IOException e) {
            throw new SandboxException("cannot read the runtime's " + what + " output: " + e.getMessage(), e);
        }
    }

    static ContainerInfo container(String json) throws SandboxException {
        return container(first(json, "inspect"));
    }

    /** Every container of an {@code inspect A B …} answer (an array; missing ones are not in it). */
    static List<ContainerInfo> containers(String json) throws SandboxException {
        List<ContainerInfo> out = new ArrayList<>();
        try {
            JsonNode n = JSON.readTree(json);
            if (n != null && n.isArray()) {
                for (JsonNode c : n) {
                    out.add(container(c));
                }
            }
        } catch (IOException e) {
            throw new SandboxException("cannot read the runtime's inspect output: " + e.getMessage(), e);
        }
        return out;
    }

    private static ContainerInfo container(JsonNode n) {
        JsonNode state = n.path("State");
        // Docker: State.Health; Podman 4.3 prints both State.Health and State.Healthcheck.
        JsonNode health = state.has("Health") ? state.path("Health") : state.path("Healthcheck");
        String name = n.path("Name").asText().replaceFirst("^/", "");
        Optional<String> healthStatus = Optional.of(health.path("Status").asText("")).filter(s -> !s.isEmpty());
        return new ContainerInfo(name, n.path("Id").asText(), state.path("Status").asText(),
                // A container in its restart back-off says Running=true; it is not usable.
                state.path("Running").asBoolean() && !state.path("Restarting").asBoolean(),
                state.path("ExitCode").asInt(), healthStatus,
                n.path("RestartCount").asInt(), n.path("Image").asText(),
                n.path("HostConfig").path("NetworkMode").asText(), labels(n.path("Config").path("Labels")));
    }

    static Engine.ImageInfo image(String json) throws SandboxException {
        JsonNode n = first(json, "image inspect");
        List<String> digests = new ArrayList<>();
        n.path("RepoDigests").forEach(d -> digests.add(d.asText()));
        return new Engine.ImageInfo(n.path("Id").asText(), digests, labels(n.path("Config").path("Labels")));
    }

    /** The gateways of a network's subnets, v4 and v6, from either runtime's layout. */
    static List<String> gateways(String json) throws SandboxException {
        JsonNode n = first(json, "network inspect");
        List<String> gateways = new ArrayList<>();
        for (JsonNode subnet : n.has("subnets") ? n.path("subnets") : n.path("IPAM").path("Config")) {
            String g = subnet.has("gateway") ? subnet.path("gateway").asText("") : subnet.path("Gateway").asText("");
            if (!g.isEmpty()) {
                gateways.add(g);
            }
        }
        return gateways;
    }

    /** Podman only: whether containers on the network find each other by name (netavark + aardvark-dns). */
    static boolean dnsEnabled(String json) throws SandboxException {
        return first(json, "network inspect").path("dns_enabled").asBoolean(true);
    }

    /** Podman only: a network without a gateway, so joining it adds no default route. */
    static boolean internal(String json) throws SandboxException {
        JsonNode n = first(json, "network inspect");
        // Podman spells it "internal", Docker "Internal".
        return n.path("internal").asBoolean(false) || n.path("Internal").asBoolean(false);
    }

    private static Map<String, String> labels(JsonNode labels) {
        Map<String, String> out = new LinkedHashMap<>();
        labels.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
