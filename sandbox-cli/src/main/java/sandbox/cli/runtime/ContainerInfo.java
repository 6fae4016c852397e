package sandbox.cli.runtime;

import java.util.Map;
import java.util.Optional;

/**
 * What {@code inspect} says about a container, reduced to what up, status and doctor read.
 *
 * @param health {@code healthy}, {@code unhealthy}, {@code starting}, or empty without a healthcheck
 */
public record ContainerInfo(String name, String id, String status, boolean running, int exitCode,
                            Optional<String> health, int restartCount, String imageId, String networkMode,
                            Map<String, String> labels) {

    public ContainerInfo {
        labels = Map.copyOf(labels);
    }

    public Optional<String> label(String key) {
        return Optional.ofNullable(labels.get(key));
    }
}
