package sandbox.image.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sandbox.api.ImageService;
import sandbox.api.Project;
import sandbox.api.Settings;
import sandbox.image.ImageTarget;

/** A target without a name takes the sandbox's: image.name, else one per container prefix, as up's. */
class DefaultTargetTest {

    private static ImageTarget target(String text, Map<String, String> settings) throws Exception {
        return DefaultImageService.target(new ImageService.Request(new Project(Path.of("/p")),
                Settings.resolve(settings, Map.of()), "", text, true, false, ""));
    }

    @Test
    void unnamedTargetsFollowThePrefixAndImageName() throws Exception {
        assertEquals(new ImageTarget.Docker("sandbox:latest"), target("docker", Map.of()));
        assertEquals(new ImageTarget.Docker("sandbox-ci7:latest"), target("docker", Map.of("container.prefix", "CI7")));
        assertEquals(new ImageTarget.Docker("sandbox-ci7:latest", "podman"), target("podman", Map.of("container.prefix", "ci7")));
        assertEquals(new ImageTarget.Tar(Path.of("/t/x.tar"), "sandbox-ci7:latest"),
                target("tar:/t/x.tar", Map.of("container.prefix", "ci7")));
        assertEquals(new ImageTarget.Docker("mine:1"), target("docker", Map.of("image.name", "mine:1", "container.prefix", "ci7")));
    }

    @Test
    void namedTargetsAreKept() throws Exception {
        assertEquals(new ImageTarget.Docker("other:2"), target("docker:other:2", Map.of("container.prefix", "ci7")));
        assertEquals(new ImageTarget.Registry("127.0.0.1:5000/x:1"), target("registry:127.0.0.1:5000/x:1", Map.of()));
        assertEquals(new ImageTarget.Docker("sandbox-ci7:latest"), target("", Map.of("container.prefix", "ci7")));
    }
}
