package sandbox.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.Project;
import sandbox.api.Settings;

/** Real Jib builds from a docker-save tar base to a tar: no daemon, no network. */
class TarBuildTest {

    @TempDir
    Path dir;
    Project project;
    Path base;
    Path cache;

    @BeforeEach
    void setUp() throws Exception {
        project = new Project(dir.resolve("project"));
        Files.createDirectories(project.configDir().resolve("seed/skills"));
        Files.writeString(project.configDir().resolve("seed/CLAUDE.md"), "# seed\n");
        Files.writeString(project.configDir().resolve("seed/skills/a.md"), "a\n");
        base = TestImages.minimalBase(Files.createDirectories(dir.resolve("base")), "test");
        cache = dir.resolve("cache");
    }

    private ImagePlan plan() throws Exception {
        return ImagePlan.from(project, Settings.resolve(Map.of("image.base", "tar://" + base,
                "image.source", "https://git.invalid/sandbox", "image.revision", "abc123"), Map.of()))
                .withApplyScript("#!/bin/sh\necho test-apply\n");
    }

    private BuiltImage build(ImagePlan plan, Path out, PackageLayerSource packages) throws Exception {
        List<ImageEvent> events = new ArrayList<>();
        BuiltImage image = ImageBuilder.to(ImageTarget.parse("tar:" + out)).cacheDir(cache).packageLayers(packages)
                .build(plan, events::add);
        assertTrue(events.stream().anyMatch(e -> e instanceof ImageEvent.Progress), "progress events");
        return image;
    }

    @Test
    void sandboxLayerHasFixedModesOwnersAndTimes() throws Exception {
        Path out = dir.resolve("out.tar");
        build(plan(), out, PackageLayerSource.none());
        TestImages.ImageTar image = TestImages.read(out);
        var init = image.find("/usr/local/sbin/sandbox-init").orElseThrow();
        assertEquals(0755, init.mode());
        assertEquals(0, init.uid());
        assertTrue(new String(init.content(), StandardCharsets.UTF_8).startsWith("#!/bin/sh\n"));
        var apply = image.find("/usr/local/sbin/sandbox-firewall-apply").orElseThrow();
        assertEquals(0755, apply.mode());
        assertEquals("#!/bin/sh\necho test-apply\n", new String(apply.content(), StandardCharsets.UTF_8));
        var sudoers = image.find("/etc/sudoers.d/claude").orElseThrow();
        assertEquals(0440, sudoers.mode());
        assertEquals(0, sudoers.uid());
        assertTrue(new String(sudoers.content(), StandardCharsets.UTF_8).contains("\n#1000 ALL=(ALL:ALL) NOPASSWD: ALL\n"));
        var claudeDir = image.find("/home/claude/.claude").orElseThrow();
        assertEquals(0700, claudeDir.mode());
        assertEquals(1000, claudeDir.uid());
        assertEquals(1000, claudeDir.gid());
        var workspace = image.find("/workspace").orElseThrow();
        assertEquals(1000, workspace.uid());
        var seed = image.find("/usr/local/share/sandbox/seed/skills/a.md").orElseThrow();
        assertEquals(0644, seed.mode());
        assertEquals("a\n", new String(seed.content(), StandardCharsets.UTF_8));
        assertEquals(1000L, init.mtime(), "Jib's fixed timestamp (epoch + 1 s)");
        assertEquals(2, image.layers().size(), "base layer + sandbox layer");
    }

    @Test
    void noSudoLeavesNoSudoersEntry() throws Exception {
        Path out = dir.resolve("out.tar");
        build(plan().withSudo(false), out, PackageLayerSource.none());
        assertFalse(TestImages.read(out).find("/etc/sudoers.d/claude").isPresent());
    }

    @Test
    void configCarriesLabelsEnvironmentEntrypointAndRootUser() throws Exception {
        Path out = dir.resolve("out.tar");
        ImagePlan plan = plan();
        BuiltImage built = build(plan, out, PackageLayerSource.none());
        JsonNode config = TestImages.read(out).config().get("config");
        JsonNode labels = config.get("Labels");
        assertEquals("sandbox", labels.get("org.opencontainers.image.title").asText());
        assertEquals("https://git.invalid/sandbox", labels.get("org.opencontainers.image.source").asText());
        assertEquals("abc123", labels.get("org.opencontainers.image.revision").asText());
        assertEquals("0.1.0-SNAPSHOT", labels.get("org.opencontainers.image.version").asText());
        assertEquals(plan.hash(), labels.get("dev.sandbox.image.plan-hash").asText());
        assertEquals(plan.hash(), built.planHash());
        assertEquals("[\"/usr/local/sbin/sandbox-init\"]", config.get("Entrypoint").toString());
        assertEquals("[\"sleep\",\"infinity\"]", config.get("Cmd").toString());
        assertEquals("/workspace", config.get("WorkingDir").asText());
        assertEquals("0", config.get("User").asText());
        assertTrue(config.get("Env").toString().contains("\"CLAUDE_CONFIG_DIR=/home/claude/.claude\""));
        assertTrue(config.get("Env").toString().contains("\"FIREWALL_MODE=strict\""));
    }

    @Test
    void ociFormatOnRequestWritesAnOciLayout() throws Exception {
        Path out = dir.resolve("oci.tar");
        build(plan().withFormat(ImagePlan.Format.OCI), out, PackageLayerSource.none());
        try (org.apache.commons.compress.archivers.tar.TarFile tar =
                     new org.apache.commons.compress.archivers.tar.TarFile(out.toFile())) {
            List<String> names = tar.getEntries().stream().map(e -> e.getName()).toList();
            assertTrue(names.contains("oci-layout") && names.contains("index.json"), names.toString());
        }
    }

    @Test
    void twoBuildsOfTheSamePlanAreByteIdentical() throws Exception {
        Path a = dir.resolve("a.tar");
        Path b = dir.resolve("b.tar");
        BuiltImage first = build(plan(), a, PackageLayerSource.none());
        cache = dir.resolve("other-cache");
        BuiltImage second = build(plan(), b, PackageLayerSource.none());
        assertEquals(first.digest(), second.digest());
        assertEquals(first.imageId(), second.imageId());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void theSecretFileNeverEntersTheImage() throws Exception {
        String password = "pw-" + java.util.UUID.randomUUID();
        Files.createDirectories(project.devcontainerDir());
        Files.writeString(project.envFile(), "POSTGRES_PASSWORD=" + password + "\n");
        Path out = dir.resolve("out.tar");
        build(plan(), out, PackageLayerSource.none());
        TestImages.ImageTar image = TestImages.read(out);
        for (byte[] layer : image.rawLayers()) {
            String text = new String(layer, StandardCharsets.ISO_8859_1);
            assertFalse(text.contains(password), "password value in a layer");
            assertFalse(text.contains(".devcontainer"), ".devcontainer path in a layer");
            assertFalse(text.contains(".env"), ".env path in a layer");
        }
        assertFalse(image.config().toString().contains(password));
        assertFalse(new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1).contains(password));
    }

    @Test
    void packageLayersGoBetweenBaseAndSandboxLayerWithLinksAndSetuidIntact() throws Exception {
        Path layer = dir.resolve("pkg.tar");
        TestImages.writeLayer(layer, List.of(
                new TestImages.Entry("usr/", 0755, null, null),
                new TestImages.Entry("usr/bin/", 0755, null, null),
                new TestImages.Entry("usr/bin/pkg-tool", 04755, "#!/bin/sh\necho pkg\n".getBytes(StandardCharsets.UTF_8), null),
                new TestImages.Entry("usr/bin/pkg-link", 0777, null, "pkg-tool")));
        Path out = dir.resolve("out.tar");
        List<String> progress = new ArrayList<>();
        build(plan(), out, (plan, arch, cacheDir, lines) -> {
            lines.accept("package layers for " + arch);
            progress.add(arch);
            return List.of(layer);
        });
        assertEquals(List.of("amd64"), progress);
        TestImages.ImageTar image = TestImages.read(out);
        assertEquals(3, image.layers().size(), "base, packages, sandbox");
        assertArrayEquals(Files.readAllBytes(layer), image.rawLayers().get(1), "package layer byte for byte");
        var tool = image.layers().get(1).get("/usr/bin/pkg-tool");
        assertEquals(04755, tool.mode());
        var link = image.layers().get(1).get("/usr/bin/pkg-link");
        assertTrue(link.symlink());
        assertEquals("pkg-tool", link.linkName());
        assertTrue(image.layers().get(2).containsKey("/usr/local/sbin/sandbox-init"));
        assertEquals(3, image.config().get("rootfs").get("diff_ids").size());
    }
}
