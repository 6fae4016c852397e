package sandbox.firewall;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The small hand-written feed fixtures (documentation addresses only), copied into a folder. */
final class Fixtures {

    private Fixtures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("feeds/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path feedsDir(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("github-meta.json"), bytes("github-meta.json"));
        Files.write(dir.resolve("aws-ip-ranges.json"), bytes("aws-ip-ranges.json"));
        return dir;
    }
}
