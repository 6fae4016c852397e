package sandbox.image.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static sandbox.image.Processes.docker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.Project;
import sandbox.api.Settings;
import sandbox.image.BuiltImage;
import sandbox.image.ImageBuilder;
import sandbox.image.ImageEvent;
import sandbox.image.ImagePlan;
import sandbox.image.ImageTarget;
import sandbox.image.Processes;
import sandbox.image.TestImages;

/**
 * {@code --to docker} sends only the layers the daemon lacks: the result is the very image a
 * full load gives (same ID, same layers, same files) and it runs; a base the daemon has never
 * seen, or a daemon that lost the layers it was remembered to hold, gets the whole image.
 */
@Tag("container")
class DaemonLoadContainerTest {

    @TempDir
    Path dir;
    Project project;
    List<String> images = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(Processes.dockerAvailable(), "no Docker daemon answers 'docker version'");
        project = new Project(dir.resolve("project"));
        Files.createDirectories(project.configDir().resolve("seed"));
    }

    @org.junit.jupiter.api.AfterEach
    void removeImages() {
        if (!images.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("rmi", "-f"));
            args.addAll(images);
            docker(args.toArray(String[]::new));
        }
    }

    private ImagePlan plan(String base, String seedLine) throws Exception {
        Files.writeString(project.configDir().resolve("seed/CLAUDE.md"), "# Sandbox\n" + seedLine + "\n");
        return ImagePlan.from(project, Settings.resolve(Map.of("image.base", base), Map.of()))
                .withApplyScript("#!/bin/sh\necho apply\n");
    }

    private String name(String tag) {
        String n = Processes.randomName() + ":" + tag;
        images.add(n);
        return n;
    }

    @Test
    void aRebuildSendsOnlyTheChangedLayerAndGivesTheImageAFullLoadGives() throws Exception {
        Path base = Processes.toolsBaseTar();
        assumeTrue(Files.isRegularFile(base), "no test base tar at " + base + " (run .ci/test-base-image.sh with FLAVOR=tools)");
        String image = name("partial");
        ImageBuilder toDaemon = ImageBuilder.to(ImageTarget.parse("docker:" + image)).cacheDir(dir.resolve("cache"));
        List<ImageEvent> first = new ArrayList<>();
        toDaemon.build(plan("tar://" + base, "first"), first::add);
        assertTrue(first.stream().noneMatch(e -> e.toString().contains("layers to the daemon")),
                "the daemon had no image to share layers with, so the first load is whole: " + first);

        ImagePlan changed = plan("tar://" + base, "second");
        List<ImageEvent> second = new ArrayList<>();
        BuiltImage partial = toDaemon.build(changed, second::add);
        assertTrue(second.stream().anyMatch(e -> e.toString().matches(".*sent 1 of \\d+ layers to the daemon.*remembered.*")),
                "only the sandbox layer is sent: " + second);

        // The same plan as a whole docker-load tar, loaded under another name: Jib's own tarball.
        String full = name("full");
        Path tar = dir.resolve("full.tar");
        BuiltImage whole = ImageBuilder.to(new ImageTarget.Tar(tar, full)).cacheDir(dir.resolve("cache2")).build(changed, e -> { });
        assertTrue(docker("load", "-i", tar.toString()).ok());
        assertEquals(whole.imageId(), partial.imageId());
        assertEquals(partial.imageId(), docker("image", "inspect", "-f", "{{.Id}}", image).out().trim());
        assertEquals(docker("image", "inspect", "-f", "{{.Id}} {{json .RootFS.Layers}}", full).out(),
                docker("image", "inspect", "-f", "{{.Id}} {{json .RootFS.Layers}}", image).out());
        // A fresh cache remembers nothing: one inspect of the target name finds the shared layers.
        List<ImageEvent> fresh = new ArrayList<>();
        ImageBuilder.to(ImageTarget.parse("docker:" + image)).cacheDir(dir.resolve("cache3"))
                .build(plan("tar://" + base, "third"), fresh::add);
        assertTrue(fresh.stream().anyMatch(e -> e.toString().matches(".*sent 1 of \\d+ layers to the daemon.*inspected.*")),
                fresh.toString());
        docker("tag", full, image);

        Processes.Result r = docker("run", "--rm", "--network", "none", "--entrypoint", "cat", image, ImagePlan.SEED_PATH + "/CLAUDE.md",
                "/etc/os-release");
        assertTrue(r.ok(), r.toString());
        assertTrue(r.out().startsWith("# Sandbox\nsecond\n") && r.out().contains("bookworm"), r.toString());
    }

    @Test
    void aBaseTheDaemonHasNeverSeenIsLoadedWhole() throws Exception {
        String marker = Processes.randomName();
        Path base = TestImages.minimalBase(Files.createDirectories(dir.resolve("base")), marker);
        String image = name("newbase");
        List<ImageEvent> events = new ArrayList<>();
        BuiltImage built = ImageBuilder.to(ImageTarget.parse("docker:" + image)).cacheDir(dir.resolve("cache"))
                .build(plan("tar://" + base, "x"), events::add);
        assertTrue(events.stream().noneMatch(e -> e.toString().contains("layers to the daemon")), events.toString());
        assertEquals(built.imageId() + " 2", docker("image", "inspect", "-f", "{{.Id}} {{len .RootFS.Layers}}", image)
                .out().trim());
        Processes.Result r = docker("create", "--name", marker, image);
        assertTrue(r.ok(), r.toString());
        try {
            Processes.Result cp = docker("cp", marker + ":/etc/os-release", dir.resolve("os-release").toString());
            assertTrue(cp.ok(), cp.toString());
            assertEquals("NAME=" + marker + "\n", Files.readString(dir.resolve("os-release")));
        } finally {
            docker("rm", "-f", marker);
        }
    }

    @Test
    void aDaemonThatLostTheLayersItWasRememberedToHoldGetsTheWholeImage() throws Exception {
        String marker = Processes.randomName();
        Path base = TestImages.minimalBase(Files.createDirectories(dir.resolve("base")), marker);
        String image = name("pruned");
        ImageBuilder toDaemon = ImageBuilder.to(ImageTarget.parse("docker:" + image)).cacheDir(dir.resolve("cache"));
        toDaemon.build(plan("tar://" + base, "first"), e -> { });
        // Gone from the daemon, and with it the random base layer no other image shares.
        assertTrue(docker("rmi", image).ok());

        List<ImageEvent> events = new ArrayList<>();
        BuiltImage built = toDaemon.build(plan("tar://" + base, "second"), events::add);
        assertTrue(events.stream().anyMatch(e -> e.toString().contains("lacks a layer") && e.toString().contains("invalid diffID")),
                "the remembered chain was tried, refused by the daemon, and the whole image sent: " + events);
        assertEquals(built.imageId() + " 2", docker("image", "inspect", "-f", "{{.Id}} {{len .RootFS.Layers}}", image)
                .out().trim());

        // Loaded in full, the chain is remembered again: the next rebuild sends one layer.
        List<ImageEvent> third = new ArrayList<>();
        toDaemon.build(plan("tar://" + base, "third"), third::add);
        assertTrue(third.stream().anyMatch(e -> e.toString().contains("sent 1 of 2 layers")
                && e.toString().contains("remembered")), third.toString());
    }
}
