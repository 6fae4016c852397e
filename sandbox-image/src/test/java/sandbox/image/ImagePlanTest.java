package sandbox.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.Project;
import sandbox.api.SandboxException;
import sandbox.api.Settings;
import sandbox.api.UsageException;

class ImagePlanTest {

    @TempDir
    Path dir;
    Project project;
    Path base;

    @BeforeEach
    void setUp() throws IOException {
        project = new Project(dir.resolve("project"));
        Files.createDirectories(project.configDir().resolve("seed"));
        Files.writeString(project.configDir().resolve("seed/CLAUDE.md"), "# be careful\n");
        base = TestImages.minimalBase(Files.createDirectories(dir.resolve("base")), "one");
    }

    private Settings settings(Map<String, String> extra) {
        Map<String, String> p = new HashMap<>(Map.of("image.base", "tar://" + base, "image.source",
                "https://git.invalid/sandbox", "image.revision", "abc123"));
        p.putAll(extra);
        return Settings.resolve(p, Map.of());
    }

    private ImagePlan plan() throws SandboxException {
        return ImagePlan.from(project, settings(Map.of())).withApplyScript("#!/bin/sh\necho apply\n");
    }

    @Test
    void planFromSettingsHasTheUserWorkdirEnvironmentAndLabels() throws SandboxException {
        ImagePlan plan = ImagePlan.from(project, settings(Map.of("tz", "Europe/Berlin", "firewall.mode", "permissive")));
        assertEquals(new BaseImage.Tar(base), plan.base());
        assertEquals(new ImageUser("claude", 1000, 1000, "/home/claude"), plan.user());
        assertEquals("/workspace", plan.workdir());
        assertEquals(List.of("/usr/local/sbin/sandbox-init"), plan.entrypoint());
        assertEquals(List.of("sleep", "infinity"), plan.cmd());
        assertEquals("/home/claude/.claude", plan.containerEnvironment().get("CLAUDE_CONFIG_DIR"));
        assertEquals("Europe/Berlin", plan.containerEnvironment().get("TZ"));
        assertEquals("permissive", plan.containerEnvironment().get("FIREWALL_MODE"));
        assertEquals("1000", plan.containerEnvironment().get("SANDBOX_UID"));
        assertEquals("sandbox", plan.labels().get("org.opencontainers.image.title"));
        assertEquals("https://git.invalid/sandbox", plan.labels().get("org.opencontainers.image.source"));
        assertEquals("abc123", plan.labels().get("org.opencontainers.image.revision"));
        assertEquals("0.1.0-SNAPSHOT", plan.labels().get("org.opencontainers.image.version"));
        assertEquals(Map.of("CLAUDE.md", project.configDir().resolve("seed/CLAUDE.md")), plan.seedFiles());
        assertTrue(plan.sudo());
        assertEquals(ImagePlan.Format.DOCKER, plan.format());
    }

    @Test
    void defaultsAreStrictUtcDockerFormat() throws SandboxException {
        ImagePlan plan = plan();
        assertEquals("strict", plan.env().get("FIREWALL_MODE"));
        assertEquals("UTC", plan.env().get("TZ"));
    }

    @Test
    void hashIsStableForEqualInputs() throws SandboxException {
        assertEquals(plan().hash(), plan().hash());
        assertEquals(64, plan().hash().length());
    }

    @Test
    void hashChangesWhenAnyInputChanges() throws Exception {
        String h = plan().hash();
        assertNotEquals(h, plan().withEnv("TZ", "Asia/Tokyo").hash(), "env");
        assertNotEquals(h, plan().withLabel("org.opencontainers.image.revision", "def456").hash(), "label");
        assertNotEquals(h, plan().withSudo(false).hash(), "sudo");
        assertNotEquals(h, plan().withApplyScript("#!/bin/sh\necho other\n").hash(), "apply script");
        assertNotEquals(h, plan().withPlatforms(List.of("linux/arm64")).hash(), "platform");
        assertNotEquals(h, plan().withFormat(ImagePlan.Format.OCI).hash(), "format");
        assertNotEquals(h, plan().withCmd(List.of("bash")).hash(), "cmd");
        Files.writeString(project.configDir().resolve("seed/CLAUDE.md"), "# be very careful\n");
        assertNotEquals(h, plan().hash(), "seed content");
    }

    @Test
    void hashChangesWithTheLockAndTheBaseContent() throws Exception {
        String h = plan().hash();
        Files.writeString(project.lockFile(), "{\"v\":1}\n");
        String withLock = plan().hash();
        assertNotEquals(h, withLock, "lock appears");
        Files.writeString(project.lockFile(), "{\"v\":2}\n");
        assertNotEquals(withLock, plan().hash(), "lock content");
        Path otherBase = TestImages.minimalBase(Files.createDirectories(dir.resolve("base2")), "two");
        assertNotEquals(plan().hash(), plan().withBase(new BaseImage.Tar(otherBase)).hash(), "base content");
    }

    @Test
    void hashIgnoresFilesThatAreNotInputs() throws Exception {
        String h = plan().hash();
        Files.createDirectories(project.devcontainerDir());
        Files.writeString(project.envFile(), "POSTGRES_PASSWORD=changed\n");
        Files.writeString(project.configDir().resolve("allowlist.txt"), "api.anthropic.com\n");
        Files.setLastModifiedTime(project.configDir().resolve("seed/CLAUDE.md"),
                java.nio.file.attribute.FileTime.fromMillis(1234));
        assertEquals(h, plan().hash());
    }

    @Test
    void inputsNameEveryLayerFileWithModeOwnerAndDigest() throws SandboxException {
        Map<String, String> inputs = plan().inputs();
        assertTrue(inputs.get("file:/usr/local/sbin/sandbox-init").startsWith("file 0755 0:0 sha256:"));
        assertTrue(inputs.get("file:/etc/sudoers.d/claude").startsWith("file 0440 0:0 sha256:"));
        assertEquals("dir 0700 1000:1000", inputs.get("file:/home/claude/.claude"));
        assertTrue(inputs.get("file:/usr/local/share/sandbox/seed/CLAUDE.md").startsWith("file 0644 0:0 sha256:"));
        assertEquals("none", inputs.get("lock"));
    }

    @Test
    void refusesARegistryBaseWithoutDigest() throws UsageException {
        UsageException e = assertThrows(UsageException.class, () -> BaseImage.parse("debian:bookworm-slim"));
        assertTrue(e.oneLine().contains("not pinned by digest"), e.oneLine());
        String pinned = "registry.invalid/debian@sha256:" + "a".repeat(64);
        assertEquals(new BaseImage.Registry(pinned), BaseImage.parse(pinned));
        assertEquals(new BaseImage.Daemon("local/img:1"), BaseImage.parse("docker://local/img:1"));
    }

    @Test
    void refusesASymbolicLinkAmongTheSeedFiles() throws IOException {
        Files.createDirectories(project.devcontainerDir());
        Files.writeString(project.envFile(), "POSTGRES_PASSWORD=x\n");
        Files.createSymbolicLink(project.configDir().resolve("seed/env"), project.envFile());
        SandboxException e = assertThrows(SandboxException.class, () -> ImagePlan.from(project, settings(Map.of())));
        assertEquals("config/seed/env: seed files must not be symbolic links (hint: copy the file into config/seed/ instead)",
                e.oneLine());
    }

    @Test
    void missingBaseSaysWhereToSetIt() {
        SandboxException e = assertThrows(SandboxException.class,
                () -> ImagePlan.from(project, Settings.empty()));
        assertTrue(e.oneLine().startsWith("no base image configured (hint: pass --base"), e.oneLine());
    }

    @Test
    void withoutAConfiguredBaseThePlanUsesTheLockedOne() throws Exception {
        Files.copy(Path.of(System.getProperty("user.dir")).getParent().resolve("config/sandbox.lock"), project.lockFile());
        ImagePlan plan = ImagePlan.from(project, Settings.resolve(Map.of("image.base", " "), Map.of()));
        assertEquals(BaseImage.parse(sandbox.image.Lockfile.read(project.lockFile()).base().reference()), plan.base());
        assertEquals(Optional.of(project.lockFile()), plan.lockFile());
    }

    @Test
    void unknownFormatIsAUsageError() {
        assertThrows(UsageException.class, () -> ImagePlan.from(project, settings(Map.of("image.format", "tgz"))));
    }

    @Test
    void noLockMeansNoPackageLayers() throws SandboxException {
        assertEquals(Optional.empty(), plan().lockFile());
    }
}
