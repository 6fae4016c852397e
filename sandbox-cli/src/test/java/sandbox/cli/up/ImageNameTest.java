package sandbox.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.Project;
import sandbox.api.Settings;

/** The default image name follows container.prefix, so two checkouts never share (and replace) one image. */
class ImageNameTest {

    @TempDir
    Path root;

    private String imageName(Map<String, String> properties) throws Exception {
        return UpOptions.resolve(Settings.resolve(properties, Map.of()), new Project(root)).imageName();
    }

    @Test
    void theDefaultPrefixKeepsTheDefaultImage() throws Exception {
        assertEquals("sandbox:latest", imageName(Map.of()));
    }

    @Test
    void anotherPrefixGetsItsOwnImage() throws Exception {
        assertEquals("sandbox-work2:latest", imageName(Map.of("container.prefix", "work2")));
        assertEquals("sandbox-sbx-up-t1:latest", imageName(Map.of("container.prefix", "sbx-UP-t1")));
    }

    @Test
    void aPrefixNoImageNameCouldCarryIsRefusedUpFront() {
        for (String bad : java.util.List.of("a".repeat(41), "a..b", "-a", "a_", "x y")) {
            sandbox.api.UsageException e = org.junit.jupiter.api.Assertions.assertThrows(sandbox.api.UsageException.class,
                    () -> imageName(Map.of("container.prefix", bad)), bad);
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("is not a valid container name prefix"));
        }
    }

    @Test
    void anExplicitImageNameWins() throws Exception {
        assertEquals("mine:1", imageName(Map.of("container.prefix", "work2", "image.name", "mine:1")));
    }

    @Test
    void upBuildsTheImageOfItsPrefix() throws Exception {
        Fakes f = new Fakes(root);
        new UpCommand().run(f.invocation(Settings.empty().with("container.prefix", "sbx-up-t9")));
        assertEquals("sandbox-sbx-up-t9:latest", UpRecord.effective(Settings.empty(), f.invocation(Settings.empty()).project())
                .get("image.name").orElseThrow());
    }
}
