package sandbox.image.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.Project;
import sandbox.api.Settings;
import sandbox.image.BuiltImage;
import sandbox.image.ImageBuilder;
import sandbox.image.ImagePlan;
import sandbox.image.ImageTarget;
import sandbox.image.Processes;

/**
 * The {@code podman:NAME} target for real: Jib's docker-archive goes through {@code podman
 * load} into Podman's store (a rebuild sends only the layers Podman lacks), the image runs,
 * and the unchanged-plan check reads Podman's bare-hex image IDs.
 */
@Tag("container")
class PodmanTargetContainerTest {

    @TempDir
    Path dir;

    static Processes.Result podman(String... args) {
        List<String> cmd = new ArrayList<>(List.of("podman"));
        cmd.addAll(List.of(args));
        return Processes.run(Duration.ofSeconds(180), cmd);
    }

    @Test
    void buildsIntoPodmansStoreAndRebuildsOnTopOfWhatItHas() throws Exception {
        assumeTrue(podman("version", "--format", "{{.Server.Version}}").ok(), "podman is not installed or does not work");
        Path base = Processes.toolsBaseTar();
        assumeTrue(Files.isRegularFile(base), "no test base tar at " + base + " (run .ci/test-base-image.sh with FLAVOR=tools)");
        Project project = new Project(dir.resolve("project"));
        Files.createDirectories(project.root());
        ImagePlan plan = ImagePlan.from(project, Settings.resolve(Map.of("image.base", "tar://" + base), Map.of()))
                .withApplyScript(sandbox.firewall.Ruleset.applyScript());
        String image = "sbx-pm-" + Processes.randomName().substring("sbx-img-".length()) + ":target";
        ImageTarget target = ImageTarget.parse("podman:" + image);
        assertEquals(new ImageTarget.Docker(image, "podman"), target);
        List<String> built = new ArrayList<>();
        try {
            BuiltImage first = ImageBuilder.to(target).cacheDir(dir.resolve("cache")).build(plan, e -> { });
            built.add(first.imageId());
            assertEquals(first.imageId(), "sha256:" + podman("image", "inspect", "--format", "{{.Id}}", image).out().strip());
            assertTrue(TargetCheck.holds(target, first.imageId()), "the unchanged-plan check must see Podman's image");
            Processes.Result r = podman("run", "--rm", "--entrypoint", "cat", image, "/etc/os-release");
            assertTrue(r.out().contains("bookworm"), r.toString());

            BuiltImage second = ImageBuilder.to(target).cacheDir(dir.resolve("cache"))
                    .build(plan.withLabel("dev.sandbox.test", "rebuilt"), e -> { });
            built.add(second.imageId());
            assertNotEquals(first.imageId(), second.imageId());
            assertTrue(TargetCheck.holds(target, second.imageId()));
            assertFalse(TargetCheck.holds(target, first.imageId()), "the name now holds the rebuilt image");
            Processes.Result again = podman("run", "--rm", "--entrypoint", "cat", image, "/etc/os-release");
            assertTrue(again.out().contains("bookworm"), "layers skipped in the load must come from the store: " + again);
        } finally {
            podman("rmi", "-f", image);
            for (String id : built) {
                podman("rmi", "-f", id.replace("sha256:", ""));
            }
        }
    }
}
