package sandbox.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.Project;

class FirewallFolderTest {

    @TempDir
    Path root;

    @Test
    void publishReplacesTheFilesButKeepsTheMountedDirectoryItself() throws Exception {
        Project project = new Project(root);
        Path staging = Files.createDirectories(FirewallFolder.staging(project));
        Files.writeString(staging.resolve("mode"), "strict\n");
        Files.writeString(staging.resolve("old-only"), "x");
        FirewallFolder.publish(project);
        Object before = Files.readAttributes(project.firewallDir(), BasicFileAttributes.class).fileKey();

        Files.delete(staging.resolve("old-only"));
        Files.writeString(staging.resolve("mode"), "permissive\n");
        FirewallFolder.publish(project);

        assertEquals(before, Files.readAttributes(project.firewallDir(), BasicFileAttributes.class).fileKey());
        assertEquals("permissive\n", Files.readString(project.firewallDir().resolve("mode")));
        assertFalse(Files.exists(project.firewallDir().resolve("old-only")));
    }
}
