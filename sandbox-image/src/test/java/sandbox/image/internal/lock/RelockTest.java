package sandbox.image.internal.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.Project;
import sandbox.api.Settings;
import sandbox.image.LockedBase;
import sandbox.image.Lockfile;
import sandbox.image.PlatformLock;
import sandbox.image.Processes;

/** A build for another base than the lock's locks again against it; the same base leaves the lock alone. */
class RelockTest {

    @TempDir
    Path dir;

    private Project project() throws Exception {
        Project project = new Project(dir.resolve("project"));
        Files.createDirectories(project.configDir());
        // Nothing wanted: the lock reads only the base, so no archive or registry is asked.
        Files.writeString(project.configDir().resolve("packages.debian"), "# none\n");
        Files.writeString(project.configDir().resolve("packages.npm"), "# none\n");
        LockedBase old = new LockedBase("tar:///old/base.tar", "sha256:" + "0".repeat(64), "debian", "bookworm",
                "0".repeat(64), List.of());
        new Lockfile(Lockfile.VERSION, old, List.of(), new TreeMap<>(Map.of("amd64", new PlatformLock(List.of(), List.of()))))
                .write(project.lockFile());
        return project;
    }

    private Settings settings(String base) {
        return Settings.resolve(Map.of("image.base", base, "cache.dir", dir.resolve("cache").toString()), Map.of());
    }

    @Test
    void anotherBaseIsLockedAgainstBeforeTheBuild() throws Exception {
        Path tar = Processes.toolsBaseTar();
        assumeTrue(Files.isRegularFile(tar), "no test base tar at " + tar + " (run .ci/test-base-image.sh with FLAVOR=tools)");
        Project project = project();
        List<String> said = new ArrayList<>();
        assertTrue(Relock.ifBaseDiffers(project, settings("tar://" + tar), said::add));
        Lockfile lock = Lockfile.read(project.lockFile());
        assertEquals("tar://" + tar, lock.base().reference());
        assertTrue(lock.base().digest().startsWith("sha256:") && !lock.base().digest().endsWith("0".repeat(64)));
        assertTrue(lock.base().packages().stream().anyMatch(p -> p.name().equals("iptables")), lock.base().toString());
        assertEquals(List.of("amd64"), List.copyOf(lock.platforms().keySet()));
        assertTrue(said.get(0).contains("was made against tar:///old/base.tar"), said.toString());
        assertTrue(said.stream().anyMatch(l -> l.contains("review and commit")), said.toString());

        String written = Files.readString(project.lockFile());
        assertFalse(Relock.ifBaseDiffers(project, settings("tar://" + tar), said::add), "the lock now matches");
        assertEquals(written, Files.readString(project.lockFile()));
    }

    @Test
    void noBaseAskedForOrNoLockMeansNothingToDo() throws Exception {
        Project project = project();
        String before = Files.readString(project.lockFile());
        assertFalse(Relock.ifBaseDiffers(project, Settings.resolve(Map.of(), Map.of()), s -> { }));
        assertEquals(before, Files.readString(project.lockFile()));
        Files.delete(project.lockFile());
        assertFalse(Relock.ifBaseDiffers(project, settings("tar:///elsewhere.tar"), s -> { }));
        assertFalse(Files.exists(project.lockFile()));
    }
}
