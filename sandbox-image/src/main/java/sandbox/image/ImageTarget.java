package sandbox.image;

import java.nio.file.Path;
import sandbox.api.UsageException;

/** Where a build goes: the local daemon, a docker-loadable tar, or a registry. */
public sealed interface ImageTarget {

    String DEFAULT_NAME = "sandbox:latest";

    record Docker(String name) implements ImageTarget { }

    record Tar(Path path, String name) implements ImageTarget { }

    record Registry(String reference) implements ImageTarget { }

    /** {@code docker[:NAME]}, {@code tar:PATH} or {@code registry:REF}. */
    static ImageTarget parse(String text) throws UsageException {
        if (text.equals("docker")) {
            return new Docker(DEFAULT_NAME);
        }
        if (text.startsWith("docker:") && text.length() > "docker:".length()) {
            return new Docker(text.substring("docker:".length()));
        }
        if (text.startsWith("tar:") && text.length() > "tar:".length()) {
            return new Tar(Path.of(text.substring("tar:".length())), DEFAULT_NAME);
        }
        if (text.startsWith("registry:") && text.length() > "registry:".length()) {
            return new Registry(text.substring("registry:".length()));
        }
        throw new UsageException("unknown image target '" + text + "'",
                "use docker[:NAME], tar:PATH or registry:REF");
    }
}
