package sandbox.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The apply script the container tests ship in the image. */
final class TestApplyScript {

    private TestApplyScript() {
    }

    static String text() {
        try (InputStream in = TestApplyScript.class.getResourceAsStream("stand-in-apply.sh")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
