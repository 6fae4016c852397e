package sandbox.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static sandbox.image.Processes.docker;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.DefaultExecuteResultHandler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.Project;
import sandbox.api.Settings;

/** The daemon and registry targets, and package layers seen from inside a running container. */
@Tag("container")
class TargetsContainerTest {

    @TempDir
    Path dir;
    Path base;
    ImagePlan plan;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(Processes.dockerAvailable(), "no Docker daemon answers 'docker version'");
        base = Processes.toolsBaseTar();
        assumeTrue(Files.isRegularFile(base), "no test base tar at " + base + " (run .ci/test-base-image.sh with FLAVOR=tools)");
        Project project = new Project(dir.resolve("project"));
        Files.createDirectories(project.root());
        plan = ImagePlan.from(project, Settings.resolve(Map.of("image.base", "tar://" + base), Map.of()))
                .withApplyScript(TestApplyScript.text());
    }

    @Test
    void buildsIntoTheLocalDaemon() throws Exception {
        String image = Processes.randomName() + ":daemon";
        try {
            BuiltImage built = ImageBuilder.to(ImageTarget.parse("docker:" + image)).cacheDir(dir.resolve("cache"))
                    .build(plan, e -> { });
            assertEquals(built.imageId(), docker("image", "inspect", "-f", "{{.Id}}", image).out().trim());
            Processes.Result r = docker("run", "--rm", image, "cat", "/etc/os-release");
            assertTrue(r.out().contains("bookworm"), r.toString());
        } finally {
            docker("rmi", "-f", image);
        }
    }

    @Test
    void pushesToALocalRegistryWithoutTls() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/docker-registry")), "docker-registry is not installed");
        try (Processes.LocalRegistry registry = Processes.startRegistry(dir.resolve("registry"))) {
            String ref = registry.address() + "/" + Processes.randomName() + ":1";
            BuiltImage built = ImageBuilder.to(ImageTarget.parse("registry:" + ref)).cacheDir(dir.resolve("cache"))
                    .allowInsecureRegistries(true).build(plan, e -> { });
            Processes.Result inspect = Processes.run(Duration.ofSeconds(60),
                    List.of("skopeo", "inspect", "--tls-verify=false", "--format", "{{.Digest}}", "docker://" + ref));
            assertTrue(inspect.ok(), inspect.toString());
            assertEquals(built.digest(), inspect.out().trim());
        }
    }

    @Test
    void packageLayerLinksAndSetuidBitsSurviveIntoTheContainer() throws Exception {
        Path layer = dir.resolve("pkg.tar");
        TestImages.writeLayer(layer, List.of(
                new TestImages.Entry("usr/", 0755, null, null),
                new TestImages.Entry("usr/local/", 0755, null, null),
                new TestImages.Entry("usr/local/bin/", 0755, null, null),
                new TestImages.Entry("usr/local/bin/pkg-tool", 04755, "#!/bin/sh\necho pkg-tool ran\n".getBytes(), null),
                new TestImages.Entry("usr/local/bin/pkg-link", 0777, null, "pkg-tool")));
        String image = Processes.randomName() + ":pkg";
        Path tar = dir.resolve("pkg-image.tar");
        try {
            ImageBuilder.to(new ImageTarget.Tar(tar, image)).cacheDir(dir.resolve("cache"))
                    .packageLayers((p, arch, cache, progress) -> List.of(layer)).build(plan, e -> { });
            assertTrue(docker("load", "-i", tar.toString()).ok());
            Processes.Result r = docker("run", "--rm", "--entrypoint", "sh", image, "-c",
                    "stat -c '%A %U' /usr/local/bin/pkg-tool; readlink /usr/local/bin/pkg-link; /usr/local/bin/pkg-link");
            assertEquals("-rwsr-xr-x root\npkg-tool\npkg-tool ran\n", r.out(), r.toString());
        } finally {
            docker("rmi", "-f", image);
        }
    }

}
