package sandbox.image.internal.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import sandbox.api.Settings;
import sandbox.image.BuiltImage;
import sandbox.image.ImageBuilder;
import sandbox.image.ImagePlan;
import sandbox.image.ImageTarget;

/**
 * The whole chain with the image build (Jib, no daemon): plain bookworm base + locked
 * firewall packages + the sandbox layer with the real firewall apply script. In the loaded
 * image, {@code sandbox-firewall-apply --deny-all} installs its rules with NET_ADMIN/NET_RAW.
 */
@Tag("container")
@Tag("archive")
class SandboxImageContainerTest extends LockedImageContainerTest {

    static final Path APPLY = Path.of("..", "sandbox-firewall", "src", "main", "resources", "sandbox", "firewall", "apply.sh");

    @Test
    void sandboxBuildWithTheLockGivesAnImageWhereTheFirewallApplies() throws Exception {
        lock(List.of("iptables", "ipset", "iproute2", "sudo"), List.of());
        Path lockFile = tmp.resolve("config/sandbox.lock");
        ImagePlan plan = ImagePlan.from(new sandbox.api.Project(tmp),
                        Settings.resolve(Map.of("image.base", "tar://" + baseTar()), Map.of()))
                .withApplyScript(Files.readString(APPLY)).withLockFile(Optional.of(lockFile));
        String tag = "sbx-lock-build-" + UUID.randomUUID().toString().substring(0, 8) + ":t";
        Path out = tmp.resolve("image.tar");
        BuiltImage built = ImageBuilder.to(new ImageTarget.Tar(out, tag)).cacheDir(cacheDir().getParent())
                .packageLayers((pl, arch, dir, progress) ->
                        LockedLayers.build(pl.lockFile().orElseThrow(), arch, dir, progress)).build(plan, e -> { });
        assertTrue(built.toString().contains("sha256:"), built.toString());
        Docker.Result load = Docker.run(List.of("docker", "load", "-i", out.toString()));
        assertEquals(0, load.exitCode(), load.output());
        images.add(tag);

        Docker.Result fw = Docker.run(List.of("docker", "run", "--rm", "--network", "none", "--cap-add", "NET_ADMIN",
                "--cap-add", "NET_RAW", "--entrypoint", "sh", tag, "-c",
                ImagePlan.APPLY_SCRIPT_PATH + " --deny-all; echo rc=$?; iptables -S OUTPUT; dpkg -l ipset | tail -n 1"));
        assertTrue(fw.output().contains("rc=0"), fw.output());
        assertTrue(fw.output().contains("-P OUTPUT DROP"), fw.output());
        assertTrue(fw.output().contains("ii  ipset"), fw.output());
    }

    @Override
    void firewallToolsAndAnNpmBinRunFromLockedLayers() {
        // the parent class runs it
    }
}
