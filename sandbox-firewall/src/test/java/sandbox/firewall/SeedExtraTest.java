package sandbox.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.Project;

class SeedExtraTest {

    @TempDir
    Path root;

    private Project projectWithTemplate() throws Exception {
        Files.createDirectories(root.resolve("config"));
        Files.writeString(root.resolve("config/extra-allowlist.txt.example"), "# template\n");
        return new Project(root);
    }

    @Test
    void seedsFromTheTemplateWhenMissing() throws Exception {
        Project p = projectWithTemplate();
        assertTrue(Allowlist.seedExtra(p));
        assertEquals("# template\n", Files.readString(p.extraAllowlist()));
        try (var files = Files.list(root.resolve("config"))) {
            assertEquals(2, files.count(), "no temp file left behind");
        }
    }

    @Test
    void neverOverwritesTheUsersList() throws Exception {
        Project p = projectWithTemplate();
        Files.writeString(p.extraAllowlist(), "nas.lan.example\n");
        assertFalse(Allowlist.seedExtra(p));
        assertEquals("nas.lan.example\n", Files.readString(p.extraAllowlist()));
    }

    @Test
    void withoutATemplateNothingIsCreated() throws Exception {
        Files.createDirectories(root.resolve("config"));
        Project p = new Project(root);
        assertFalse(Allowlist.seedExtra(p));
        assertFalse(Files.exists(p.extraAllowlist()));
    }

    @Test
    void concurrentSeedsCreateItExactlyOnce() throws Exception {
        Project p = projectWithTemplate();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit((Callable<Boolean>) () -> Allowlist.seedExtra(p)));
            }
            int created = 0;
            for (Future<Boolean> f : results) {
                created += f.get() ? 1 : 0;
            }
            assertEquals(1, created);
        } finally {
            pool.shutdownNow();
        }
        assertEquals("# template\n", Files.readString(p.extraAllowlist()));
    }
}
