package sandbox.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectTest {

    @Test
    void discoversTheNearestDirectoryWithConfig(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("config"));
        Files.writeString(dir.resolve("config/allowlist.txt"), "");
        Path deep = Files.createDirectories(dir.resolve("a/b"));
        Project p = Project.discover(deep);
        assertEquals(dir.toRealPath(), p.root().toRealPath());
        assertEquals(p.root().resolve(".devcontainer/.env"), p.envFile());
        assertEquals(p.root().resolve(".sandbox/firewall"), p.firewallDir());
    }

    @Test
    void fallsBackToTheStartDirectory(@TempDir Path dir) {
        assertEquals(dir.toAbsolutePath().normalize(), Project.discover(dir).root());
    }

    @Test
    void displaysPathsRelativeToTheRoot(@TempDir Path dir) {
        Project p = new Project(dir);
        assertEquals("config/extra-allowlist.txt", p.display(p.extraAllowlist()));
    }
}
