package sandbox.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * VS Code's "Reopen in Container", for real: the Dev Containers CLI ({@code devcontainer up},
 * the engine VS Code uses) reads the {@code devcontainer.json} that {@code sandbox up} wrote,
 * runs its {@code initializeCommand} and starts the editor's container. It must be the same
 * protected sandbox: the firewall container's namespace (blocked peer refused, allowed peer
 * connects), no NET_ADMIN, the user {@code claude} from the first {@code docker exec}, the
 * workspace volume and not the checkout.
 */
@Tag("container")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DevcontainerIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Harness h = new Harness();
    private final String id = "sbx-dc-" + Integer.toHexString(new Random().nextInt(0x1000000) | 0x1000000).substring(1);
    private final Names names = new Names(id);
    private final String peers = id + "-zpeers";
    private Path project;

    @AfterAll
    void tearDown() throws Exception {
        if (project == null) {
            return;
        }
        Harness.Result editor = h.docker("ps", "-aq", "--filter", "label=devcontainer.local_folder=" + project);
        for (String c : editor.out().split("\\s+")) {
            if (!c.isBlank()) {
                h.docker("rm", "-f", c);
            }
        }
        h.docker("rm", "-f", names.agent(), names.firewall(), id + "-allowed", id + "-blocked");
        h.docker("network", "rm", names.network(), peers);
        h.docker("volume", "rm", names.workspaceVolume(), names.configVolume(), names.historyVolume());
        h.docker("image", "rm", id + ":latest");
    }

    private String ip(String container) throws Exception {
        return h.docker("inspect", "--format", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", container)
                .out().strip();
    }

    @Test
    void devcontainerUpGivesTheSameProtectedSandbox() throws Exception {
        assumeTrue(h.dockerAnswers(), "no Docker daemon answers (docker version failed)");
        Path baseTar = Path.of(System.getenv().getOrDefault("SANDBOX_TEST_TOOLS_TAR", "/var/cache/sandbox-test/bookworm-tools.tar"));
        assumeTrue(Files.isRegularFile(baseTar), "test base tar missing: " + baseTar + " (run FLAVOR=tools .ci/test-base-image.sh)");
        Harness.Result cli = h.command(Path.of("."), 60, "devcontainer", "--version");
        assumeTrue(cli.code() == 0, "the Dev Containers CLI is not installed (npm install -g @devcontainers/cli; .ci/run does)");

        project = Files.createTempDirectory("sbx-dc-it");
        assertEquals(0, h.docker("network", "create", peers).code());
        for (String peer : List.of(id + "-allowed", id + "-blocked")) {
            Harness.Result r = h.docker("run", "-d", "--name", peer, "--network", peers, "sandbox-test/bookworm:base",
                    "nc", "-lk", "8080");
            assertEquals(0, r.code(), r.err());
        }
        String allowed = ip(id + "-allowed");
        String blocked = ip(id + "-blocked");
        Files.createDirectories(project.resolve("config"));
        Files.writeString(project.resolve("config/allowlist.txt"), "allowed-peer.test\n");
        Files.writeString(project.resolve("config/sandbox.properties"), "");
        Path hosts = Files.writeString(project.resolve("hosts"), allowed + " allowed-peer.test\n");
        // The checkout's launcher, as in a clone of this repository: the packaged CLI.
        Path launcher = project.resolve("sandbox");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' -p '" + Harness.modules().toAbsolutePath() + "' -m sandbox.cli \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        h.environment.put("SANDBOX_PROJECT", project.toString());
        h.environment.put("SANDBOX_CONTAINER_PREFIX", id);
        h.environment.put("SANDBOX_IMAGE_NAME", id + ":latest");

        Harness.Result up = h.sandbox(project, "up", "--base", "tar://" + baseTar, "--hosts", hosts.toString(),
                "--network", peers, "--probe-allowed", allowed + ":8080", "--probe-blocked", blocked + ":8080");
        assertEquals(0, up.code(), up.all());

        Harness.Result dc = h.command(project, 600, "devcontainer", "up", "--workspace-folder", project.toString(),
                "--log-format", "json");
        assertEquals(0, dc.code(), "devcontainer up failed:\n" + dc.all());
        String last = dc.out().strip().lines().reduce((a, b) -> b).orElse("{}");
        JsonNode outcome = JSON.readTree(last);
        assertEquals("success", outcome.path("outcome").asText(), last);
        String editor = outcome.path("containerId").asText();
        assertFalse(editor.isBlank(), last);
        assertEquals("claude", outcome.path("remoteUser").asText(), last);

        // The firewall container's namespace, no network capabilities.
        String mode = h.docker("inspect", "--format", "{{.HostConfig.NetworkMode}}", editor).out().strip();
        assertTrue(mode.equals("container:" + containerId(names.firewall())) || mode.equals("container:" + names.firewall()),
                mode);
        String caps = h.docker("inspect", "--format", "{{json .HostConfig.CapDrop}} {{json .HostConfig.CapAdd}}", editor).out();
        assertTrue(caps.contains("NET_ADMIN") && caps.contains("NET_RAW") && caps.strip().endsWith("null"), caps);
        // The user from the first moment, as the editor execs it.
        Harness.Result whoami = h.docker("exec", "-u", "claude", editor, "id", "-un");
        assertEquals("claude", whoami.out().strip(), whoami.all());
        // The same firewall: strict, verified from the editor's own container.
        assertEquals(0, h.docker("exec", "-u", "claude", editor, "nc", "-z", "-w", "3", allowed, "8080").code());
        Harness.Result refused = h.docker("exec", "-u", "claude", editor, "nc", "-z", "-w", "3", blocked, "8080");
        assertNotEquals(0, refused.code(), "the blocked peer must be refused from the editor's container");
        assertNotEquals(0, h.docker("exec", "-u", "0", editor, "iptables", "-F").code());
        // The workspace volume, not the checkout: the agent cannot rewrite .sandbox/ or config/.
        assertNotEquals(0, h.docker("exec", editor, "test", "-e", "/workspace/config/allowlist.txt").code());
        String mounts = h.docker("inspect", "--format", "{{range .Mounts}}{{.Type}}:{{.Name}}:{{.Source}} {{end}}", editor).out();
        assertTrue(mounts.contains("volume:" + names.workspaceVolume()), mounts);
        assertFalse(mounts.contains(project.toString()), mounts);
    }

    private String containerId(String name) throws Exception {
        return h.docker("inspect", "--format", "{{.Id}}", name).out().strip();
    }
}
