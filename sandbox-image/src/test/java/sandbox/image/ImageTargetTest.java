package sandbox.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import sandbox.api.UsageException;

class ImageTargetTest {

    @Test
    void dockerAndPodmanNameTheCliThatLoadsTheImage() throws Exception {
        assertEquals(new ImageTarget.Docker("sandbox:latest", "docker"), ImageTarget.parse("docker"));
        assertEquals(new ImageTarget.Docker("x:1"), ImageTarget.parse("docker:x:1"));
        assertEquals(new ImageTarget.Docker("sandbox:latest", "podman"), ImageTarget.parse("podman"));
        assertEquals(new ImageTarget.Docker("x:1", "podman"), ImageTarget.parse("podman:x:1"));
        UsageException e = assertThrows(UsageException.class, () -> ImageTarget.parse("podman:"));
        assertEquals("use docker[:NAME], podman[:NAME], tar:PATH or registry:REF", e.hint().orElseThrow());
    }
}
