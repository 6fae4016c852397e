package sandbox.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sandbox.api.Project;
import sandbox.api.Settings;

class ContainersTest {

    private final Project project = new Project(Path.of("/home/u/proj"));

    private Containers containers(Settings s) throws Exception {
        return new Containers(UpOptions.resolve(s, project), project, "sha256:abc", "plan1", List.of());
    }

    @Test
    void firewallContainerHasNetAdminAndNetRawAndTheCompiledFolderReadOnlyAsADirectory() throws Exception {
        List<String> a = containers(Settings.empty()).firewall().arguments();
        assertEquals(List.of("run", "-d", "--name", "claude-firewall",
                "--label", "dev.sandbox.plan=plan1", "--label", "dev.sandbox.project=/home/u/proj",
                "--label", "dev.sandbox.role=firewall", "--label", "dev.sandbox.spec=" + a.get(11).split("=")[1],
                "--network", "claude-sandbox", "--cap-add", "NET_ADMIN", "--cap-add", "NET_RAW", "--init",
                "--restart", "unless-stopped", "-e", "SANDBOX_ROLE=firewall",
                "--mount", "type=bind,source=/home/u/proj/.sandbox/firewall,target=/etc/sandbox/firewall,readonly",
                "sha256:abc"), a);
    }

    @Test
    void requireFirewallReachesTheContainer() throws Exception {
        List<String> a = containers(Settings.empty().with("firewall.require", "true")).firewall().arguments();
        assertEquals("SANDBOX_REQUIRE_FIREWALL=1", a.get(a.indexOf("-e") + 1));
    }

    @Test
    void agentJoinsTheFirewallNamespaceWithoutNetCapsAndGetsTheSecretOnlyThroughTheEnvFile() throws Exception {
        List<String> a = containers(Settings.empty()).agent().arguments();
        assertEquals(List.of("run", "-d", "--name", "claude-code",
                "--label", "dev.sandbox.plan=plan1", "--label", "dev.sandbox.project=/home/u/proj",
                "--label", "dev.sandbox.role=agent", "--label", "dev.sandbox.spec=" + a.get(11).split("=")[1],
                "--network", "container:claude-firewall", "--cap-drop", "NET_ADMIN", "--cap-drop", "NET_RAW", "--init",
                "--restart", "unless-stopped", "--env-file", "/home/u/proj/.devcontainer/.env",
                "-e", "HISTFILE=/commandhistory/.bash_history", "-e", "SANDBOX_ROLE=agent",
                "--mount", "type=volume,source=claude-workspace,target=/workspace",
                "--mount", "type=volume,source=claude-config,target=/home/claude/.claude",
                "--mount", "type=volume,source=claude-bashhistory,target=/commandhistory",
                "sha256:abc"), a);
    }

    @Test
    void anAgentWhoseFirewallCannotMarkTheNamespaceDoesNotWaitForTheMark() throws Exception {
        List<String> weak = containers(Settings.empty().with("firewall.capabilities", "NET_RAW")).agent().arguments();
        assertEquals("-e", weak.get(weak.indexOf("SANDBOX_AWAIT_FIREWALL=0") - 1), weak.toString());
        List<String> strong = containers(Settings.empty()).agent().arguments();
        org.junit.jupiter.api.Assertions.assertFalse(strong.contains("SANDBOX_AWAIT_FIREWALL=0"), strong.toString());
        Settings weakSettings = Settings.empty().with("firewall.capabilities", "NET_RAW");
        String devcontainer = new Devcontainer(project, UpOptions.resolve(weakSettings, project), "img").render();
        org.junit.jupiter.api.Assertions.assertTrue(devcontainer.contains("\"--env=SANDBOX_AWAIT_FIREWALL=0\""), devcontainer);
        org.junit.jupiter.api.Assertions.assertFalse(new Devcontainer(project, UpOptions.resolve(Settings.empty(), project), "img")
                .render().contains("SANDBOX_AWAIT_FIREWALL"));
    }

    @Test
    void workspaceFolderIsBindMountedInsteadOfTheVolume() throws Exception {
        List<String> a = containers(Settings.empty().with("workspace", "/src/app")).agent().arguments();
        assertEquals("type=bind,source=/src/app,target=/workspace", a.get(a.indexOf("--mount") + 1));
    }

    @Test
    void databaseIsPublishedOnLoopbackOnlyWithAHealthcheckAndTheSecretsHostName() throws Exception {
        Settings s = Settings.resolve(Map.of("db.image", "pg@sha256:0123", "container.prefix", "t1"), Map.of());
        List<String> a = containers(s).database("claude-db").arguments();
        assertEquals(List.of("run", "-d", "--name", "t1-db",
                "--label", "dev.sandbox.project=/home/u/proj", "--label", "dev.sandbox.role=db",
                "--label", "dev.sandbox.spec=" + a.get(9).split("=")[1],
                "--network", "t1-sandbox", "--network-alias", "claude-db", "--restart", "unless-stopped",
                "--env-file", "/home/u/proj/.devcontainer/.env",
                "--mount", "type=volume,source=t1-pgdata,target=/var/lib/postgresql/data",
                "-p", "127.0.0.1::5432",
                "--health-cmd", "pg_isready -q -h 127.0.0.1", "--health-interval", "1s", "--health-timeout", "5s",
                "--health-retries", "60", "--health-start-period", "2s", "pg@sha256:0123"), a);
    }

    @Test
    void aChangedSettingChangesTheSpecHashSoUpRecreates() throws Exception {
        String before = containers(Settings.empty()).agent().labels().get(Containers.LABEL_SPEC);
        String same = containers(Settings.empty()).agent().labels().get(Containers.LABEL_SPEC);
        String after = containers(Settings.empty().with("workspace", "/src")).agent().labels().get(Containers.LABEL_SPEC);
        assertEquals(before, same);
        org.junit.jupiter.api.Assertions.assertNotEquals(before, after);
    }

    @Test
    void dockersEmbeddedDnsUpstreamsReachTheFirewallContainer() throws Exception {
        List<String> a = new Containers(UpOptions.resolve(Settings.empty(), project), project, "sha256:abc", "plan1",
                List.of("10.0.0.53", "fd00::53")).firewall().arguments();
        assertEquals(true, a.contains("SANDBOX_DNS_UPSTREAMS=10.0.0.53 fd00::53"), a.toString());
    }

    @Test
    void upstreamsAreTheHostsNonLoopbackNameservers(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path resolv = java.nio.file.Files.writeString(dir.resolve("resolv.conf"),
                "# comment\nnameserver 127.0.0.53\nnameserver 10.0.0.53\nnameserver fe80::1%eth0\noptions ndots:0\n");
        assertEquals(List.of("10.0.0.53", "fe80::1"), DnsUpstreams.of(resolv, dir.resolve("missing")));
    }

    @Test
    void aStubResolverOnlyHostUsesSystemdsUpstreamsElseDockersFallback(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path stub = java.nio.file.Files.writeString(dir.resolve("resolv.conf"), "nameserver 127.0.0.53\n");
        Path real = java.nio.file.Files.writeString(dir.resolve("real.conf"), "nameserver 10.0.0.9\n");
        assertEquals(List.of("10.0.0.9"), DnsUpstreams.of(stub, real));
        assertEquals(DnsUpstreams.DOCKER_FALLBACK, DnsUpstreams.of(stub, dir.resolve("missing")));
    }

    @Test
    void aWorkspaceHoldingTheCheckoutIsRefused(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path checkout = java.nio.file.Files.createDirectories(dir.resolve("src/proj"));
        sandbox.api.UsageException e = org.junit.jupiter.api.Assertions.assertThrows(sandbox.api.UsageException.class,
                () -> UpOptions.refuseUnsafeWorkspace(dir.resolve("src"), new Project(checkout)));
        assertEquals(true, e.getMessage().contains("contains this checkout"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(sandbox.api.UsageException.class,
                () -> UpOptions.refuseUnsafeWorkspace(dir.resolve("missing"), new Project(checkout)));
        UpOptions.refuseUnsafeWorkspace(java.nio.file.Files.createDirectories(dir.resolve("work")), new Project(checkout));
    }

    /** A bind mount of the checkout is the checkout under another name: a real mount, as root. */
    @Test
    void aBindMountOfTheCheckoutIsRefusedToo(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path checkout = java.nio.file.Files.createDirectories(dir.resolve("src/proj"));
        Path alias = java.nio.file.Files.createDirectories(dir.resolve("alias"));
        Process mount = new ProcessBuilder("mount", "--bind", dir.resolve("src").toString(), alias.toString())
                .redirectErrorStream(true).start();
        String said = new String(mount.getInputStream().readAllBytes());
        org.junit.jupiter.api.Assumptions.assumeTrue(mount.waitFor() == 0, "cannot bind-mount here (not root?): " + said);
        try {
            sandbox.api.UsageException e = org.junit.jupiter.api.Assertions.assertThrows(sandbox.api.UsageException.class,
                    () -> UpOptions.refuseUnsafeWorkspace(alias, new Project(checkout)));
            assertEquals(true, e.getMessage().contains("under another path"), e.getMessage());
            org.junit.jupiter.api.Assertions.assertThrows(sandbox.api.UsageException.class,
                    () -> UpOptions.refuseUnsafeWorkspace(alias.resolve("proj"), new Project(checkout)));
        } finally {
            new ProcessBuilder("umount", alias.toString()).start().waitFor();
        }
        // A bind mount of the checkout's own config/ (the next refresh's allowlist) elsewhere.
        Path config = java.nio.file.Files.createDirectories(checkout.resolve("config/seed"));
        Path elsewhere = java.nio.file.Files.createDirectories(dir.resolve("elsewhere"));
        assertEquals(0, new ProcessBuilder("mount", "--bind", config.toString(), elsewhere.toString()).start().waitFor());
        try {
            sandbox.api.UsageException e = org.junit.jupiter.api.Assertions.assertThrows(sandbox.api.UsageException.class,
                    () -> UpOptions.refuseUnsafeWorkspace(elsewhere, new Project(checkout)));
            assertEquals(true, e.getMessage().contains("under another path"), e.getMessage());
        } finally {
            new ProcessBuilder("umount", elsewhere.toString()).start().waitFor();
        }
    }

    @Test
    void aSymlinkedWorkspaceIsBoundByItsRealPathSoARetargetedLinkIsNotFollowedLater(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path real = java.nio.file.Files.createDirectories(dir.resolve("real"));
        Path link = java.nio.file.Files.createSymbolicLink(dir.resolve("link"), real);
        List<String> a = containers(Settings.empty().with("workspace", link.toString())).agent().arguments();
        assertEquals("type=bind,source=" + real.toRealPath() + ",target=/workspace", a.get(a.indexOf("--mount") + 1));
    }

    @Test
    void sandboxsOwnCheckoutIsRefusedWhenTheProjectIsElsewhere(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path home = java.nio.file.Files.createDirectories(dir.resolve("sandbox-tool/tools"));
        Path project = java.nio.file.Files.createDirectories(dir.resolve("project"));
        String before = System.getProperty("sandbox.home");
        System.setProperty("sandbox.home", home.getParent().toString());
        try {
            for (Path w : List.of(home.getParent(), home, dir)) {
                sandbox.api.UsageException e = org.junit.jupiter.api.Assertions.assertThrows(sandbox.api.UsageException.class,
                        () -> UpOptions.refuseUnsafeWorkspace(w, new Project(project)), w.toString());
                assertEquals(true, e.getMessage().contains("sandbox's own checkout") || e.getMessage().contains("contains this checkout"),
                        e.getMessage());
            }
            UpOptions.refuseUnsafeWorkspace(java.nio.file.Files.createDirectories(dir.resolve("work")), new Project(project));
        } finally {
            if (before == null) {
                System.clearProperty("sandbox.home");
            } else {
                System.setProperty("sandbox.home", before);
            }
        }
    }

    @Test
    void aWorkspaceInsideTheCheckoutIsRefused(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path checkout = java.nio.file.Files.createDirectories(dir.resolve("proj"));
        for (String inside : List.of(".sandbox", "config", ".devcontainer", "src")) {
            Path w = java.nio.file.Files.createDirectories(checkout.resolve(inside));
            sandbox.api.UsageException e = org.junit.jupiter.api.Assertions.assertThrows(sandbox.api.UsageException.class,
                    () -> UpOptions.refuseUnsafeWorkspace(w, new Project(checkout)), inside);
            assertEquals(true, e.getMessage().contains("is inside this checkout"), e.getMessage());
        }
    }
}
