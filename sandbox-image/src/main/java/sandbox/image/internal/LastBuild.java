package sandbox.image.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import sandbox.api.Project;
import sandbox.api.SandboxException;

/**
 * What the last build produced, in {@code .sandbox/image/last-build.json}: the plan hash and
 * inputs (for skipping and for {@code image inspect}'s diff), the target, digest and image ID.
 */
public record LastBuild(String planHash, String target, String digest, String imageId, SortedMap<String, String> inputs) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public LastBuild {
        inputs = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(inputs));
    }

    public static Path file(Project project) {
        return project.stateDir().resolve("image").resolve("last-build.json");
    }

    /** Empty when there was no build yet, or the record is unreadable (then a rebuild fixes it). */
    public static Optional<LastBuild> read(Project project) {
        Path file = file(project);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            SortedMap<String, String> inputs = new TreeMap<>();
            root.path("inputs").fields().forEachRemaining(e -> inputs.put(e.getKey(), e.getValue().asText()));
            return Optional.of(new LastBuild(root.path("planHash").asText(), root.path("target").asText(),
                    root.path("digest").asText(), root.path("imageId").asText(), inputs));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Written to a temp file in the same folder, then moved into place. */
    public void write(Project project) throws SandboxException {
        Path file = file(project);
        ObjectNode root = JSON.createObjectNode();
        root.put("planHash", planHash).put("target", target).put("digest", digest).put("imageId", imageId);
        ObjectNode in = root.putObject("inputs");
        for (Map.Entry<String, String> e : inputs.entrySet()) {
            in.put(e.getKey(), e.getValue());
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "last-build", ".tmp");
            JSON.writeValue(tmp.toFile(), root);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new SandboxException("cannot record the build: " + e.getMessage(), project.display(file), null, e);
        }
    }
}
