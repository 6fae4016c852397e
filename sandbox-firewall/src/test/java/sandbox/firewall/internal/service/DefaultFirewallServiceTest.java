package sandbox.firewall.internal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.Console;
import sandbox.api.FirewallService;
import sandbox.api.Project;
import sandbox.firewall.AllowlistSyntaxException;

class DefaultFirewallServiceTest {

    @TempDir
    Path root;
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final Console console = Console.of(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), Console.Verbosity.NORMAL, false);

    private Path resource(String name) throws IOException {
        Path target = root.resolve(name.replace('/', '-'));
        try (InputStream in = getClass().getResourceAsStream("/sandbox/firewall/" + name)) {
            Files.copy(in, target);
        }
        return target;
    }

    private FirewallService.Request request(Project project, List<Path> lists, boolean defaults) throws IOException {
        Path feeds = Files.createDirectories(root.resolve("feeds"));
        Files.copy(resource("feeds/github-meta.json"), feeds.resolve("github-meta.json"));
        Files.copy(resource("feeds/aws-ip-ranges.json"), feeds.resolve("aws-ip-ranges.json"));
        return new FirewallService.Request(project, lists, defaults, Optional.of(resource("shipped.hosts")), Optional.of(feeds),
                "strict", project.firewallDir());
    }

    @Test
    void isTheModulesFirewallService() {
        ModuleDescriptor d = DefaultFirewallService.class.getModule().getDescriptor();
        assertTrue(d.provides().stream().anyMatch(p -> p.service().equals(FirewallService.class.getName())
                && p.providers().equals(List.of(DefaultFirewallService.class.getName()))));
    }

    @Test
    void compilesTheShippedListsIntoTheFolder() throws Exception {
        Path config = Files.createDirectories(root.resolve("config"));
        Files.copy(Path.of("..", "config", "allowlist.txt"), config.resolve("allowlist.txt"));
        Files.copy(Path.of("..", "config", "extra-allowlist.txt.example"), config.resolve("extra-allowlist.txt.example"));
        Project project = new Project(root);
        FirewallService service = new DefaultFirewallService(Map.of("SANDBOX_NPM_REGISTRY", "https://registry.corp.test/",
                "SANDBOX_PIP_INDEX", "https://pypi.corp.test/simple", "HOME", root.toString()));
        FirewallService.FirewallBuild build = service.compile(request(project, List.of(), true), console);
        assertEquals("strict", build.mode());
        assertTrue(build.rulesHash().matches("[0-9a-f]{64}"), build.rulesHash());
        assertTrue(build.v4Blocks() > 5 && build.v6Blocks() >= 2, build.toString());
        assertEquals(List.of(), build.warnings(), err.toString(StandardCharsets.UTF_8));
        assertTrue(Files.isRegularFile(project.firewallDir().resolve("manifest.json")));
        assertTrue(Files.isRegularFile(project.extraAllowlist()), "seeded");
    }

    @Test
    void unconfiguredRegistriesAreWarningsNotFailures() throws Exception {
        Project project = new Project(root);
        Path list = Files.writeString(root.resolve("list.txt"), "@npm-registry\n192.0.2.1\n");
        FirewallService.FirewallBuild build = new DefaultFirewallService(Map.of("HOME", root.toString()))
                .compile(request(project, List.of(list), false), console);
        assertEquals(1, build.v4Blocks());
        assertEquals(1, build.warnings().size());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no npm registry is configured"));
    }

    @Test
    void refusesAListWithErrors() throws Exception {
        Project project = new Project(root);
        Path list = Files.writeString(root.resolve("list.txt"), "*.example.net\n");
        AllowlistSyntaxException e = assertThrows(AllowlistSyntaxException.class,
                () -> new DefaultFirewallService(Map.of()).compile(request(project, List.of(list), false), console));
        assertEquals("list.txt:1:1", e.where().orElseThrow());
        assertTrue(Files.notExists(project.firewallDir()));
    }

    @Test
    void applyScriptIsTheRulesetsScript() {
        assertTrue(new DefaultFirewallService(Map.of()).applyScript().startsWith("#!/bin/sh"));
    }
}
