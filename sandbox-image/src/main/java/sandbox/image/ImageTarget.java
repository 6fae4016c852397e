package sandbox.image;

import java.nio.file.Path;
import sandbox.api.UsageException;

/** Where a build goes: the local image store (Docker's daemon or Podman's), a docker-loadable tar, or a registry. */
public sealed interface ImageTarget {

    String DEFAULT_NAME = "sandbox:latest";

    /**
     * A local image store reached through a docker-compatible CLI: {@code docker} (the daemon)
     * or {@code podman} (its store; {@code podman load} takes the same docker-archive tar).
     */
    record Docker(String name, String executable) implements ImageTarget {
        public Docker(String name) {
            this(name, "docker");
        }
    }

    record Tar(Path path, String name) implements ImageTarget { }

    record Registry(String reference) implements ImageTarget { }

    /** {@code docker[:NAME]}, {@code podman[:NAME]}, {@code tar:PATH} or {@code registry:REF}. */
    static ImageTarget parse(String text) throws UsageException {
        for (String cli : new String[] {"docker", "podman"}) {
            if (text.equals(cli)) {
                return new Docker(DEFAULT_NAME, cli);
            }
            if (text.startsWith(cli + ":") && text.length() > cli.length() + 1) {
                return new Docker(text.substring(cli.length() + 1), cli);
            }
        }
        if (text.startsWith("tar:") && text.length() > "tar:".length()) {
            return new Tar(Path.of(text.substring("tar:".length())), DEFAULT_NAME);
        }
        if (text.startsWith("registry:") && text.length() > "registry:".length()) {
            return new Registry(text.substring("registry:".length()));
        }
        throw new UsageException("unknown image target '" + text + "'",
                "use docker[:NAME], podman[:NAME], tar:PATH or registry:REF");
    }
}
