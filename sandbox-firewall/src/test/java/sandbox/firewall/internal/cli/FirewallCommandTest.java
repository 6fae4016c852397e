package sandbox.firewall.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.Console;
import sandbox.api.Invocation;
import sandbox.api.Project;
import sandbox.api.Services;
import sandbox.api.Settings;
import sandbox.api.UsageException;

/** The commands through the API, on a copy of the shipped config, offline (hosts file, fixture feeds). */
class FirewallCommandTest {

    @TempDir
    Path root;
    Project project;
    Path hosts;
    Path feeds;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> environment;
    Settings settings;

    @BeforeEach
    void setUp() throws IOException {
        Path config = Files.createDirectories(root.resolve("config"));
        Path shipped = Path.of("..", "config").toAbsolutePath().normalize();
        Files.copy(shipped.resolve("allowlist.txt"), config.resolve("allowlist.txt"));
        Files.copy(shipped.resolve("extra-allowlist.txt.example"), config.resolve("extra-allowlist.txt.example"));
        project = new Project(root);
        hosts = resource("shipped.hosts", root.resolve("shipped.hosts"));
        feeds = Files.createDirectories(root.resolve("feeds"));
        resource("feeds/github-meta.json", feeds.resolve("github-meta.json"));
        resource("feeds/aws-ip-ranges.json", feeds.resolve("aws-ip-ranges.json"));
        environment = Map.of("HOME", root.resolve("home").toString());
        settings = Settings.resolve(Map.of(), Map.of("SANDBOX_NPM_REGISTRY", "https://registry.corp.test/",
                "SANDBOX_PIP_INDEX", "https://pypi.corp.test/simple/"));
    }

    private static Path resource(String name, Path target) throws IOException {
        try (InputStream in = FirewallCommandTest.class.getResourceAsStream("/sandbox/firewall/" + name)) {
            Files.copy(in, target);
        }
        return target;
    }

    private int run(String... args) throws Exception {
        out.reset();
        err.reset();
        Console console = Console.of(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Console.Verbosity.NORMAL, false);
        List<String> all = new ArrayList<>(List.of(args));
        return new FirewallCommand(environment).run(new Invocation(all, project, settings, console, Services.none()));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private int compileOffline(String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("compile", "--hosts", hosts.toString(), "--feeds", feeds.toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void checkPassesTheShippedLists() throws Exception {
        assertEquals(0, run("check"), out());
        assertTrue(out().contains("config/allowlist.txt: "), out());
        assertTrue(out().contains(", 0 errors, 0 warnings (strict)"), out());
        assertFalse(Files.exists(project.extraAllowlist()), "check writes nothing");
    }

    @Test
    void checkReportsEveryErrorWithFileLineColumnAndExits1() throws Exception {
        Path bad = Files.writeString(root.resolve("config/bad.txt"), "ok.example\n*.example.net\n192.0.2.300\n");
        assertEquals(1, run("check", bad.toString()));
        assertTrue(out().contains("config/bad.txt:2:1: error: '*.example.net' is a wildcard"), out());
        assertTrue(out().contains("config/bad.txt:3:9: error: octet 300 in '192.0.2.300' is out of range"), out());
        assertTrue(out().contains("config/bad.txt: 1 entries, 2 errors, 0 warnings (strict)"), out());
    }

    @Test
    void theTemplateChecksClean() throws Exception {
        assertEquals(0, run("check", project.extraAllowlistTemplate().toString()), out());
        assertTrue(out().endsWith("config/extra-allowlist.txt.example: 0 entries, 0 errors, 0 warnings (strict)\n"), out());
    }

    @Test
    void explainSaysWhenTheCompiledModeIsPermissive() throws Exception {
        assertEquals(0, compileOffline("--mode", "permissive"), err());
        assertEquals(1, run("explain", "203.0.113.200"));
        assertTrue(out().endsWith("note: the compiled mode is permissive: egress is open to every address\n"), out());
    }

    @Test
    void checkAppliesTheModesPolicy() throws Exception {
        Path broad = Files.writeString(root.resolve("broad.txt"), "0.0.0.0/0\n");
        assertEquals(1, run("check", broad.toString()));
        assertEquals(0, run("check", "--mode", "permissive", broad.toString()));
    }

    @Test
    void compileWritesTheFolderAndSeedsTheExtraListOnce() throws Exception {
        assertEquals(0, compileOffline(), err());
        assertTrue(out().startsWith("compiled "), out());
        Path dir = project.firewallDir();
        for (String f : List.of("mode", "ipset.restore", "rules.v4", "rules.v6", "apply", "manifest.json", "provenance.json")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        assertEquals(Files.readString(project.extraAllowlistTemplate()), Files.readString(project.extraAllowlist()));
        JsonNode m = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
        assertEquals("strict", m.get("mode").asText());
        assertTrue(m.get("v4").toString().contains("\"160.79.104.0/23\""), m.get("v4").toString());
        assertTrue(m.get("v4").toString().contains("\"198.51.100.98/31\""), "both package indexes, merged");
        assertTrue(Files.readString(dir.resolve("ipset.restore")).contains("160.79.104.0/23"));

        Files.writeString(project.extraAllowlist(), "# mine\n203.0.113.9\n");
        assertEquals(0, compileOffline(), err());
        assertEquals("# mine\n203.0.113.9\n", Files.readString(project.extraAllowlist()), "never overwritten");
        assertTrue(Files.readString(dir.resolve("manifest.json")).contains("\"203.0.113.9/32\""));
    }

    @Test
    void compileJsonPrintsTheManifest() throws Exception {
        Path one = Files.writeString(root.resolve("one.txt"), "api.anthropic.com\n198.51.100.0/25\n198.51.100.128/25\n");
        assertEquals(0, compileOffline("--json", "--no-defaults", "--allowlist", one.toString(), "--out", root.resolve("out").toString()),
                err());
        JsonNode m = new ObjectMapper().readTree(out());
        assertEquals("[\"192.0.2.101/32\",\"198.51.100.0/24\"]", m.get("v4").toString());
        assertEquals("[\"2001:db8:a::101/128\"]", m.get("v6").toString());
        assertEquals("{\"source\":\"one.txt\",\"entries\":3,\"v4\":3,\"v6\":1}", m.at("/counts/sources/0").toString());
        assertTrue(err().contains("compiled 2 IPv4 and 1 IPv6 blocks (strict) into out"), err());
        assertFalse(Files.exists(project.extraAllowlist()), "--no-defaults does not touch the configured lists");
    }

    @Test
    void compileWithErrorsWritesNothingAndExits1() throws Exception {
        Path bad = Files.writeString(root.resolve("bad.txt"), "github.com:443\n");
        assertEquals(1, compileOffline("--allowlist", bad.toString(), "--json"));
        assertFalse(Files.exists(project.firewallDir()));
        assertTrue(err().contains("sandbox: bad.txt:1:1: 'github.com:443' has a port"), err());
        JsonNode m = new ObjectMapper().readTree(out());
        assertEquals("'github.com:443' has a port", m.at("/errors/0/message").asText());
        assertEquals(1, m.at("/errors/0/line").asInt());
    }

    @Test
    void modeComesFromTheSettingWhenNoFlag() throws Exception {
        settings = settings.with("firewall.mode", "permissive");
        assertEquals(0, compileOffline(), err());
        assertEquals("permissive\n", Files.readString(project.firewallDir().resolve("mode")));
    }

    @Test
    void explainNamesTheEntriesThatAllowAnAddress() throws Exception {
        assertEquals(0, compileOffline(), err());
        assertEquals(0, run("explain", "160.79.104.7"), out());
        assertEquals("160.79.104.7 is allowed (strict) by:\n  config/allowlist.txt:12  160.79.104.0/23  (160.79.104.0/23)\n",
                out());
        assertEquals(0, run("explain", "192.0.2.70"), out());
        assertTrue(out().contains("@github-meta web api git  (192.0.2.64/27 via github-meta:git)"), out());
        assertEquals(1, run("explain", "203.0.113.200"));
        assertEquals("203.0.113.200 is not allowed (strict): no entry covers it\n", out());
    }

    @Test
    void explainResolvesAHost() throws Exception {
        assertEquals(0, compileOffline(), err());
        assertEquals(0, run("explain", "--hosts", hosts.toString(), "API.Anthropic.com."), out());
        assertTrue(out().startsWith("api.anthropic.com is listed at config/allowlist.txt:"), out());
        assertTrue(out().contains("api.anthropic.com: 2 of 2 addresses allowed"), out());
        assertEquals(1, run("explain", "--hosts", hosts.toString(), "unknown.example"));
        assertTrue(out().contains("not allowed"), out());
    }

    @Test
    void explainWithoutACompiledFolderSaysWhatToDo() {
        sandbox.api.SandboxException e = assertThrows(sandbox.api.SandboxException.class, () -> run("explain", "192.0.2.1"));
        assertEquals("run 'sandbox firewall compile' first", e.hint().orElseThrow());
    }

    @Test
    void usageMistakesAreUsageErrors() {
        assertEquals(2, assertThrows(UsageException.class, () -> run("compile", "--bogus")).exitCode());
        assertEquals(2, assertThrows(UsageException.class, () -> run("explain")).exitCode());
        assertEquals(2, assertThrows(UsageException.class, () -> run("check", "--mode", "loose")).exitCode());
        assertEquals(2, assertThrows(UsageException.class, () -> run("explain", "*.example.net")).exitCode());
    }

    @Test
    void refreshHandsItsArgumentsToTheRunningSandbox() throws Exception {
        List<List<String>> seen = new ArrayList<>();
        sandbox.api.FirewallRefresh refresh = inv -> {
            seen.add(inv.args());
            return 0;
        };
        Services services = new Services() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> java.util.Optional<T> find(Class<T> type) {
                return type == sandbox.api.FirewallRefresh.class ? java.util.Optional.of((T) refresh)
                        : java.util.Optional.empty();
            }
        };
        Console console = Console.of(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Console.Verbosity.NORMAL, false);
        int code = new FirewallCommand(environment).run(new Invocation(List.of("refresh", "--hosts", "h.txt"), project,
                settings, console, services));
        assertEquals(0, code);
        assertEquals(List.of(List.of("--hosts", "h.txt")), seen);
    }

    @Test
    void refreshWithoutTheCliSaysWhatIsMissing() {
        sandbox.api.SandboxException e = assertThrows(sandbox.api.SandboxException.class, () -> run("refresh"));
        assertEquals("no FirewallRefresh on the module path", e.getMessage());
    }
}
