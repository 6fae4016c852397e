package sandbox.image.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.tools.jib.api.DescriptorDigest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The layer chains this cache last loaded into a daemon ({@code daemon/loaded.json}): what that
 * daemon very likely still holds, so a rebuild knows which layers to leave out without asking
 * ({@code docker image inspect} costs a process). Only a guess, and a safe one: the daemon
 * checks every layer it reads against the image config and refuses a tarball that guessed
 * wrong (after a prune), and {@link DaemonLoad} then sends the whole image.
 */
final class LoadedChains {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KEEP = 8;
    private final Path file;
    private final String daemon;

    /** @param env for the daemon the docker CLI talks to ({@code DOCKER_HOST}, {@code DOCKER_CONTEXT}) */
    LoadedChains(Path cacheDir, Map<String, String> env) {
        this.file = cacheDir.resolve("daemon").resolve("loaded.json");
        this.daemon = env.getOrDefault("DOCKER_HOST", "") + "|" + env.getOrDefault("DOCKER_CONTEXT", "");
    }

    /** How many leading layers of {@code diffIds} a remembered chain shares; 0 when none is remembered. */
    int sharedPrefix(List<DescriptorDigest> diffIds) {
        int best = 0;
        for (List<String> chain : chains()) {
            int n = 0;
            while (n < chain.size() && n < diffIds.size() && chain.get(n).equals(diffIds.get(n).toString())) {
                n++;
            }
            best = Math.max(best, n);
        }
        return best;
    }

    /** Records a chain the daemon now holds, newest first; a cache that cannot be written only costs an inspect later. */
    void remember(List<DescriptorDigest> diffIds) {
        List<String> chain = diffIds.stream().map(DescriptorDigest::toString).toList();
        List<List<String>> chains = new ArrayList<>(chains());
        chains.remove(chain);
        chains.add(0, chain);
        Path tmp = null;
        try {
            ObjectNode root = readRoot();
            ArrayNode list = root.putArray(daemon);
            for (List<String> c : chains.subList(0, Math.min(KEEP, chains.size()))) {
                ArrayNode layers = list.addArray();
                c.forEach(layers::add);
            }
            Files.createDirectories(file.getParent());
            tmp = Files.createTempFile(file.getParent(), "loaded", ".tmp");
            JSON.writeValue(tmp.toFile(), root);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException e) {
            // Best effort, see above.
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a temp file in the cache
                }
            }
        }
    }

    private List<List<String>> chains() {
        List<List<String>> out = new ArrayList<>();
        for (JsonNode chain : readRoot().path(daemon)) {
            List<String> layers = new ArrayList<>();
            chain.forEach(l -> layers.add(l.asText()));
            out.add(layers);
        }
        return out;
    }

    /** The record; an absent or unreadable one remembers nothing (and is replaced by the next load). */
    private ObjectNode readRoot() {
        try {
            if (Files.isRegularFile(file) && JSON.readTree(file.toFile()) instanceof ObjectNode root) {
                return root;
            }
        } catch (IOException e) {
            // as absent
        }
        return JSON.createObjectNode();
    }
}
