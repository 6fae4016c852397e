package sandbox.image;

import java.nio.file.Path;
import sandbox.api.UsageException;

/** Where the image starts: a registry reference pinned by digest, a docker-save tar, or the local daemon. */
public sealed interface BaseImage {

    /** The text form a user types and the plan records. */
    String text();

    /** {@code NAME@sha256:…}: reproducible because the digest pins every byte. */
    record Registry(String reference) implements BaseImage {
        @Override
        public String text() {
            return reference;
        }
    }

    /** {@code tar://PATH}: a docker-save tar (with {@code manifest.json}); needs no network or daemon. */
    record Tar(Path path) implements BaseImage {
        public Tar {
            path = path.toAbsolutePath().normalize();
        }

        @Override
        public String text() {
            return "tar://" + path;
        }
    }

    /** {@code docker://NAME}: an image in the local daemon, identified by its image ID. */
    record Daemon(String name) implements BaseImage {
        @Override
        public String text() {
            return "docker://" + name;
        }
    }

    static BaseImage parse(String text) throws UsageException {
        String t = text.trim();
        if (t.startsWith("tar://") && t.length() > "tar://".length()) {
            return new Tar(Path.of(t.substring("tar://".length())));
        }
        if (t.startsWith("docker://") && t.length() > "docker://".length()) {
            return new Daemon(t.substring("docker://".length()));
        }
        String ref = t.startsWith("registry://") ? t.substring("registry://".length()) : t;
        if (!ref.matches("[^\\s@]+@sha256:[0-9a-f]{64}")) {
            throw new UsageException("base image '" + text + "' is not pinned by digest",
                    "use NAME@sha256:DIGEST, tar://PATH or docker://NAME (a tag can change under you)");
        }
        return new Registry(ref);
    }
}
