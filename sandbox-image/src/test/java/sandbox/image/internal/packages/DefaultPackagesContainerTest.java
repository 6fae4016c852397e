package sandbox.image.internal.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import sandbox.image.Lockfile;
import sandbox.image.internal.lock.WantedList;

/**
 * The slow one (~250 MB of downloads the first time, ~2 min warm): lock the project's
 * default lists ({@code config/packages.*}, with the real {@code @anthropic-ai/claude-code})
 * on the plain bookworm base, build, and check the image: {@code claude --version} runs
 * with no Node, the firewall tools work with NET_ADMIN/NET_RAW, the everyday tools run.
 */
@Tag("container")
@Tag("archive")
class DefaultPackagesContainerTest extends LockedImageContainerTest {

    @Test
    void defaultPackageSetGivesClaudeAndTheFirewall() throws Exception {
        Path config = Path.of("..", "config");
        Lockfile lock = lock(WantedList.debian(config.resolve("packages.debian")),
                WantedList.npm(config.resolve("packages.npm")));
        assertEquals(List.of("@anthropic-ai/claude-code", "@anthropic-ai/claude-code-linux-x64"),
                lock.platform("amd64").orElseThrow().npm().stream().map(p -> p.name()).toList());
        List<Path> layers = LockedLayers.build(tmp.resolve("config/sandbox.lock"), "amd64", cacheDir(),
                System.out::println);
        assertEquals(2, layers.size());
        String image = load(layers);

        String version = lock.platform("amd64").orElseThrow().npm().get(0).version();
        assertTrue(run(image, "claude", "--version").contains(version));
        assertEquals("", run(image, "sh", "-c", "command -v node || true").strip());
        assertTrue(run(image, "git", "--version").startsWith("git version"));
        assertTrue(run(image, "curl", "--version").startsWith("curl "));
        assertTrue(run(image, "zsh", "-c", "echo $ZSH_VERSION").strip().startsWith("5."));
        assertTrue(run(image, "ps", "--version").contains("procps"));
        assertTrue(run(image, "less", "--version").startsWith("less "));
        Docker.Result fw = Docker.run(List.of("docker", "run", "--rm", "--network", "none",
                "--cap-add", "NET_ADMIN", "--cap-add", "NET_RAW", image, "sh", "-c",
                "ipset create sbx-d hash:net && iptables -A OUTPUT -m set --match-set sbx-d dst -j ACCEPT"
                        + " && iptables -P OUTPUT DROP && iptables -S OUTPUT"));
        assertEquals(0, fw.exitCode(), fw.output());
        assertTrue(fw.output().contains("-P OUTPUT DROP"), fw.output());
    }

    @Override
    void firewallToolsAndAnNpmBinRunFromLockedLayers() {
        // not repeated here: the parent class runs it
    }
}
