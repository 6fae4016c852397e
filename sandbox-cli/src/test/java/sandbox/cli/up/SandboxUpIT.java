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
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code sandbox up} for real (issue 7's list): a Docker daemon, the image built with Jib
 * from the test base tar, the harness's Postgres image, and two peer containers serving TCP
 * on a second test network (v4 and v6) joined only by the firewall container, so they are
 * reachable only through the allowlist. Addresses reach the allowlist through --hosts: no
 * DNS, no feed, no outside traffic. The tests run in order on one sandbox.
 */
@Tag("container")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxUpIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Harness h = new Harness(runtime());
    private final String id = namePrefix() + Integer.toHexString(new Random().nextInt(0x1000000) | 0x1000000).substring(1);
    private final Names names = new Names(id);
    private final String peers = id + "-zpeers";
    private final String allowedPeer = id + "-allowed";
    private final String blockedPeer = id + "-blocked";
    private final List<String> upArgs = new ArrayList<>();
    private Path project;
    private String allowed4;
    private String allowed6;
    private String blocked4;
    private String blocked6;
    private boolean ready;
    private String skip = "set-up did not finish";

    /** Seven characters: the IPv6 subnet of the peers' network is cut from the id after them. */
    String namePrefix() {
        return "sbx-up-";
    }

    /** The runtime the scenarios drive; {@link PodmanUpIT} runs them all again on Podman. */
    String runtime() {
        return "docker";
    }

    /** How to put a test image into this runtime's store when it is missing. */
    String loadHint(String image) {
        return "";
    }

    /**
     * The upArgs that put the peers' network next to the sandbox. Docker isolates its bridges,
     * so the firewall container joins the peers' network (a second network, not its own).
     */
    List<String> peerNetworkArgs(String peersNetwork) {
        return List.of("--network", peersNetwork);
    }

    @BeforeAll
    void setUp() throws Exception {
        if (!(h.dockerAnswers())) {
            skip = "no " + runtime() + " answers (" + runtime() + " version failed)";
            return;
        }
        Path baseTar = Path.of(setting("SANDBOX_TEST_TOOLS_TAR", "/var/cache/sandbox-test/bookworm-tools.tar"));
        if (!(Files.isRegularFile(baseTar))) {
            skip = "test base tar missing: " + baseTar + " (run FLAVOR=tools .ci/test-base-image.sh)";
            return;
        }
        String pgImage = setting("SANDBOX_TEST_POSTGRES_IMAGE", "sandbox-test/postgres:15");
        if (!(h.docker("image", "inspect", pgImage).code() == 0)) {
            skip = "Postgres test image " + pgImage + " missing (run .ci/test-postgres-image.sh)" + loadHint(pgImage);
            return;
        }
        if (!(h.docker("image", "inspect", "sandbox-test/bookworm:base").code() == 0)) {
            skip = "sandbox-test/bookworm:base missing (run FLAVOR=base .ci/test-base-image.sh)"
                    + loadHint("sandbox-test/bookworm:base");
            return;
        }
        project = Files.createTempDirectory("sbx-up-it");
        for (String provider : List.of("firewall compile", "secrets init", "build")) {
            Harness.Result r = h.sandbox(project, (provider + " --help").split(" "));
            if (!(r.code() == 0)) {
            skip = "provider command '" + provider + "' not on the module path yet (branches not merged)";
            return;
        }
        }

        assertEquals(0, h.docker("network", "create", "--ipv6", "--subnet", "fd" + id.substring(7, 9) + ":5bc:"
                + id.substring(9, 13) + "::/64", peers).code());
        for (String peer : List.of(allowedPeer, blockedPeer)) {
            Harness.Result r = h.docker("run", "-d", "--name", peer, "--network", peers, "sandbox-test/bookworm:base",
                    "sh", "-c", "nc -lk 8080 & exec nc -6 -lk 8080");
            assertEquals(0, r.code(), r.err());
        }
        allowed4 = ip(allowedPeer, "IPAddress");
        allowed6 = ip(allowedPeer, "GlobalIPv6Address");
        blocked4 = ip(blockedPeer, "IPAddress");
        blocked6 = ip(blockedPeer, "GlobalIPv6Address");

        Files.createDirectories(project.resolve("config"));
        Files.writeString(project.resolve("config/allowlist.txt"), "# the test's always-on list\nallowed-peer.test\n");
        Files.writeString(project.resolve("config/extra-allowlist.txt.example"), "# your own additions\n");
        Files.writeString(project.resolve("config/sandbox.properties"), "# test project\n");
        Path hosts = Files.writeString(project.resolve("hosts"), allowed4 + " allowed-peer.test\n" + allowed6
                + " allowed-peer.test\n" + blocked4 + " blocked-peer.test\n" + blocked6 + " blocked-peer.test\n");

        if (!runtime().equals("docker")) {
            h.environment.put("SANDBOX_RUNTIME", runtime());
        }
        h.environment.put("SANDBOX_PROJECT", project.toString());
        h.environment.put("SANDBOX_CONTAINER_PREFIX", id);
        h.environment.put("SANDBOX_IMAGE_NAME", id + ":latest");
        h.environment.put("SANDBOX_DB_IMAGE", pgImage);
        upArgs.addAll(List.of("up", "--db", "--base", "tar://" + baseTar, "--hosts", hosts.toString()));
        upArgs.addAll(peerNetworkArgs(peers));
        upArgs.addAll(List.of("--probe-allowed", allowed4 + ":8080", "--probe-blocked", blocked4 + ":8080", "--json"));
        ready = true;
    }

    @AfterAll
    void tearDown() throws Exception {
        if (project == null) {
            return;
        }
        for (String prefix : List.of(id, id + "-weak")) {
            Names n = new Names(prefix);
            for (String c : List.of(n.agent(), n.firewall(), n.db())) {
                // One at a time, agent first: Podman refuses to remove a container another joined.
                h.remove(c);
            }
            h.docker("network", "rm", n.network());
            h.docker("volume", "rm", n.workspaceVolume(), n.configVolume(), n.historyVolume(), n.dataVolume());
        }
        h.remove(allowedPeer);
        h.remove(blockedPeer);
        h.docker("network", "rm", peers);
        h.docker("image", "rm", id + ":latest");
    }

    private static String setting(String name, String fallback) {
        String v = System.getenv(name);
        return v != null && !v.isBlank() ? v : System.getProperty(name, fallback);
    }

    private String ip(String container, String field) throws Exception {
        Harness.Result r = h.docker("inspect", "--format", "{{range .NetworkSettings.Networks}}{{." + field + "}}{{end}}",
                container);
        assertEquals(0, r.code(), r.err());
        return r.out().strip();
    }

    private JsonNode up(String... extra) throws Exception {
        List<String> a = new ArrayList<>(upArgs);
        a.addAll(List.of(extra));
        Harness.Result r = h.sandbox(project, a.toArray(String[]::new));
        assertEquals(0, r.code(), "up failed: " + r.err());
        return JSON.readTree(r.out());
    }

    /** nc from inside the agent as claude: 0 connected; otherwise the error text. */
    private Harness.Result connect(String address, String port) throws Exception {
        return h.docker("exec", "-u", "claude", names.agent(), "nc", "-vz", "-w", "3", address, port);
    }

    private void assertConnects(String address) throws Exception {
        Harness.Result r = connect(address, "8080");
        assertEquals(0, r.code(), address + " should connect: " + r.err());
    }

    private void assertRefused(String address) throws Exception {
        Harness.Result r = connect(address, "8080");
        assertNotEquals(0, r.code(), address + " should be refused");
        String e = r.err().toLowerCase(Locale.ROOT);
        assertTrue(e.contains("refused") || e.contains("denied") || e.contains("unreachable") || e.contains("no route"),
                address + " should be refused fast, not time out: " + r.err());
    }

    private String password() throws Exception {
        for (String line : Files.readAllLines(project.resolve(".devcontainer/.env"))) {
            if (line.startsWith("POSTGRES_PASSWORD=")) {
                return line.substring("POSTGRES_PASSWORD=".length()).replace("\"", "").strip();
            }
        }
        throw new AssertionError("no POSTGRES_PASSWORD in the secret file");
    }

    private JsonNode status() throws Exception {
        Harness.Result r = h.sandbox(project, "status", "--json");
        return JSON.readTree(r.out());
    }

    private String containerId(String name) throws Exception {
        return h.docker("inspect", "--format", "{{.Id}}", name).out().strip();
    }

    @Test
    @Order(1)
    void upStartsTheSandboxStrictAndVerifiesItFromInside() throws Exception {
        assumeTrue(ready, skip);
        JsonNode s = up();
        assertEquals("strict", s.path("firewall").path("mode").asText(), s.toPrettyString());
        assertEquals("refused", s.path("firewall").path("probes").get(0).path("outcome").asText(), s.toPrettyString());
        assertEquals("connected", s.path("firewall").path("probes").get(1).path("outcome").asText(), s.toPrettyString());
        assertTrue(s.path("database").path("url").asText().startsWith("postgresql://"), s.toPrettyString());
        assertTrue(s.path("database").path("host").asText().startsWith("127.0.0.1:"), s.toPrettyString());
        assertTrue(Files.isRegularFile(project.resolve(".devcontainer/devcontainer.json")));
    }

    @Test
    @Order(2)
    void allowedPeersConnectAndBlockedOnesAreRefusedFastOverIpv4AndIpv6() throws Exception {
        assumeTrue(ready, skip);
        assertConnects(allowed4);
        assertConnects(allowed6);
        assertRefused(blocked4);
        assertRefused(blocked6);
    }

    @Test
    @Order(3)
    void theSandboxReachesPostgresWithTheGeneratedPassword() throws Exception {
        assumeTrue(ready, skip);
        assertEquals(names.db(), pgHost(), "the new secret file names this sandbox's own sidecar as PGHOST");
        Harness.Result tcp = connect(names.db(), "5432");
        assertEquals(0, tcp.code(), "database port from the agent: " + tcp.err());
        // psql in the sandbox's own network namespace, credentials only from the secret file.
        Harness.Result psql = h.docker("run", "--rm", "--network", "container:" + names.firewall(), "--env-file",
                project.resolve(".devcontainer/.env").toString(), "--entrypoint", "psql",
                setting("SANDBOX_TEST_POSTGRES_IMAGE", "sandbox-test/postgres:15"), "-tAc", "select 40 + 2");
        assertEquals(0, psql.code(), "psql failed: " + psql.err().replace(password(), "***"));
        assertEquals("42", psql.out().strip());
    }

    private String pgHost() throws Exception {
        for (String line : Files.readAllLines(project.resolve(".devcontainer/.env"))) {
            if (line.startsWith("PGHOST=")) {
                return line.substring("PGHOST=".length()).strip();
            }
        }
        return names.db();
    }

    @Test
    @Order(4)
    void theSecretIsPrivateAndNeverInArgumentsProcessesOrOutput() throws Exception {
        assumeTrue(ready, skip);
        Path env = project.resolve(".devcontainer/.env");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(env)));
        String pw = password();
        assertTrue(pw.length() >= 32, "password too short");
        for (String c : List.of(names.agent(), names.firewall(), names.db())) {
            Harness.Result r = h.docker("inspect", "--format",
                    "{{json .Path}} {{json .Args}} {{json .Config.Cmd}} {{json .Config.Entrypoint}}", c);
            assertFalse(r.out().contains(pw), "secret in docker inspect args of " + c);
        }
        for (String c : List.of(names.agent(), names.db())) {
            Harness.Result ps = h.docker("exec", c, "ps", "-eo", "args");
            if (ps.code() == 0) {
                assertFalse(ps.out().contains(pw), "secret in ps inside " + c);
            } else {
                // No procps in the image: read every process's command line from /proc instead.
                Harness.Result cmdlines = h.docker("exec", c, "sh", "-c", "cat /proc/[0-9]*/cmdline | tr '\\0' ' '");
                assertFalse(cmdlines.out().contains(pw), "secret in a command line inside " + c);
            }
        }
        for (String output : h.transcript) {
            assertFalse(output.contains(pw), "secret in the output of a command");
        }
    }

    @Test
    @Order(5)
    void nobodyInTheAgentContainerCanChangeTheFirewallNotEvenRoot() throws Exception {
        assumeTrue(ready, skip);
        assertNotEquals(0, h.docker("exec", "-u", "claude", names.agent(), "sudo", "-n", "iptables", "-F").code());
        assertNotEquals(0, h.docker("exec", "-u", "claude", names.agent(), "sudo", "-n", "ipset", "flush").code());
        assertNotEquals(0, h.docker("exec", "-u", "0", names.agent(), "iptables", "-F").code());
        assertNotEquals(0, h.docker("exec", "-u", "0", names.agent(), "ipset", "flush").code());
        assertNotEquals(0, h.docker("exec", "-u", "0", names.agent(), "ip6tables", "-F").code());
        assertRefused(blocked4);
        assertRefused(blocked6);
        assertConnects(allowed4);
    }

    @Test
    @Order(6)
    void aSecondUpWithNothingChangedOnlyVerifies() throws Exception {
        assumeTrue(ready, skip);
        String agent = containerId(names.agent());
        String firewall = containerId(names.firewall());
        JsonNode s = up();
        assertEquals("[\"nothing changed: verified only\"]", s.path("actions").toString());
        assertEquals(agent, containerId(names.agent()));
        assertEquals(firewall, containerId(names.firewall()));
    }

    @Test
    @Order(6)
    void doctorProbesTheKernelInAThrowawayContainerAndChecksTheSecretFile() throws Exception {
        assumeTrue(ready, skip);
        Harness.Result r = h.sandbox(project, "doctor");
        assertTrue(r.out().contains("ok    kernel supports iptables, ip6tables and ipset in containers"), r.all());
        assertTrue(r.out().contains("ok    .devcontainer/.env is mode 0600"), r.all());
        assertTrue(r.out().contains("ok    firewall strict in " + names.firewall()), r.all());
        assertEquals(0, r.code(), r.all());
    }

    @Test
    @Order(7)
    void restartingEitherContainerOrBothComesBackStrict() throws Exception {
        assumeTrue(ready, skip);
        assertEquals(0, h.docker("restart", "-t", "1", names.agent()).code());
        assertRefused(blocked4);
        assertConnects(allowed4);

        // The firewall container restarts into a new namespace and applies the rules again;
        // the agent is left in the old one (no interfaces: fail closed) until up rejoins it.
        assertEquals(0, h.docker("restart", "-t", "1", names.firewall()).code());
        assertNotEquals(0, connect(blocked4, "8080").code(), "an orphaned agent must not reach the blocked peer");
        JsonNode s = up();
        assertTrue(s.path("actions").toString().contains("agent container restarted"), s.toPrettyString());
        assertRefused(blocked4);
        assertConnects(allowed4);

        assertEquals(0, h.docker("restart", "-t", "1", names.firewall(), names.agent()).code());
        assertEquals("strict", up().path("firewall").path("mode").asText());
        assertRefused(blocked4);
        assertRefused(blocked6);
        assertConnects(allowed6);
    }

    @Test
    @Order(8)
    void addingThePeerToTheExtraAllowlistAndRefreshingLetsItThroughWithoutARecreate() throws Exception {
        assumeTrue(ready, skip);
        String agent = containerId(names.agent());
        Path extra = project.resolve("config/extra-allowlist.txt");
        assertTrue(Files.isRegularFile(extra), "up seeds config/extra-allowlist.txt from its template");
        String before = Files.readString(extra);
        Files.writeString(extra, "blocked-peer.test\n", StandardOpenOption.APPEND);
        Harness.Result r = h.sandbox(project, "firewall", "refresh");
        assertEquals(0, r.code(), r.err());
        assertConnects(blocked4);
        assertConnects(blocked6);
        assertEquals(agent, containerId(names.agent()));
        assertEquals(false, status().path("firewall").path("drift").asBoolean());

        Files.writeString(extra, before);
        assertEquals(0, h.sandbox(project, "firewall", "refresh").code());
        assertRefused(blocked4);
    }

    @Test
    @Order(9)
    void permissiveModeReachesTheBlockedPeerAndSaysSoLoudly() throws Exception {
        assumeTrue(ready, skip);
        List<String> a = new ArrayList<>(upArgs);
        a.remove("--json");
        a.addAll(List.of("--mode", "permissive"));
        Harness.Result r = h.sandbox(project, a.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.all().contains("FIREWALL PERMISSIVE"), r.all());
        assertConnects(blocked4);
        assertEquals("permissive", status().path("firewall").path("mode").asText());
        assertEquals("strict", up().path("firewall").path("mode").asText());
        assertRefused(blocked4);
    }

    @Test
    @Order(10)
    void statusJsonTellsTheTruth() throws Exception {
        assumeTrue(ready, skip);
        JsonNode s = status();
        assertTrue(s.path("healthy").asBoolean(), s.toPrettyString());
        assertEquals("strict", s.path("firewall").path("mode").asText());
        assertEquals(false, s.path("firewall").path("drift").asBoolean());
        assertEquals(s.path("firewall").path("compiledHash"), s.path("firewall").path("appliedHash"));
        assertEquals(1, s.path("firewall").path("v4Blocks").asInt(), s.toPrettyString());
        assertEquals(1, s.path("firewall").path("v6Blocks").asInt(), s.toPrettyString());
        assertEquals("healthy", s.path("containers").path("db").path("health").asText());
        assertTrue(s.path("firewall").path("agentInFirewallNamespace").asBoolean());
        assertEquals(0, h.sandbox(project, "stop").code());
        JsonNode stopped = status();
        assertFalse(stopped.path("healthy").asBoolean());
        assertEquals("down", stopped.path("firewall").path("mode").asText());
        assertEquals("strict", up().path("firewall").path("mode").asText());
    }

    @Test
    @Order(11)
    void downRemovesTheContainersAndKeepsTheVolumes() throws Exception {
        assumeTrue(ready, skip);
        assertEquals(0, h.docker("exec", "-u", "claude", names.agent(), "touch", "/workspace/kept").code());
        Harness.Result r = h.sandbox(project, "down");
        assertEquals(0, r.code(), r.err());
        assertNotEquals(0, h.docker("inspect", names.agent()).code());
        assertNotEquals(0, h.docker("inspect", names.firewall()).code());
        for (String v : List.of(names.workspaceVolume(), names.configVolume(), names.historyVolume(), names.dataVolume())) {
            assertEquals(0, h.docker("volume", "inspect", v).code(), v + " kept");
        }
        Harness.Result refused = h.sandbox(project, "down", "--volumes");
        assertEquals(2, refused.code(), "down --volumes without a terminal needs --yes");
        up();
        assertEquals(0, h.docker("exec", names.agent(), "test", "-f", "/workspace/kept").code());
    }

    @Test
    @Order(12)
    void withoutNetAdminTheFirewallIsDegradedAndRequireFirewallRefusesToRun() throws Exception {
        assumeTrue(ready, skip);
        Names weak = new Names(id + "-weak");
        Harness other = new Harness(runtime());
        other.environment.putAll(h.environment);
        other.environment.put("SANDBOX_CONTAINER_PREFIX", weak.prefix());
        other.environment.put("SANDBOX_FIREWALL_CAPABILITIES", "NET_RAW");
        List<String> a = new ArrayList<>(upArgs);
        a.remove("--db");
        a.remove("--json");
        Harness.Result r = other.sandbox(project, a.toArray(String[]::new));
        h.transcript.addAll(other.transcript);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.all().contains("FIREWALL DEGRADED"), r.all());

        a.add("--require-firewall");
        Harness.Result strict = other.sandbox(project, a.toArray(String[]::new));
        h.transcript.addAll(other.transcript);
        assertEquals(1, strict.code(), strict.all());
        assertTrue(strict.err().contains("FIREWALL DEGRADED"), strict.err());
        assertNotEquals(0, h.docker("inspect", weak.agent()).code(), "no agent without the firewall");
        assertEquals(0, other.sandbox(project, "down", "--volumes", "--yes").code());
    }
}
