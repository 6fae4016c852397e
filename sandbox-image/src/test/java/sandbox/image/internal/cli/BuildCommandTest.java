package sandbox.image.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.Console;
import sandbox.api.FirewallService;
import sandbox.api.Invocation;
import sandbox.api.Project;
import sandbox.api.SandboxException;
import sandbox.api.Services;
import sandbox.api.Settings;
import sandbox.api.UsageException;
import sandbox.image.TestImages;
import sandbox.image.internal.LastBuild;

/** {@code sandbox build} and {@code sandbox image inspect} end to end on tar bases and targets (no daemon). */
class BuildCommandTest {

    @TempDir
    Path dir;
    Project project;
    Path base;
    Path out;
    ByteArrayOutputStream stdout;
    ByteArrayOutputStream stderr;

    @BeforeEach
    void setUp() throws Exception {
        project = new Project(dir.resolve("project"));
        Files.createDirectories(project.configDir().resolve("seed"));
        Files.writeString(project.configDir().resolve("seed/CLAUDE.md"), "# v1\n");
        base = TestImages.minimalBase(Files.createDirectories(dir.resolve("base")), "cli");
        out = dir.resolve("out/image.tar");
    }

    private Services services() {
        FirewallService firewall = mock(FirewallService.class);
        when(firewall.applyScript()).thenReturn("#!/bin/sh\necho apply\n");
        return new Services() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> Optional<T> find(Class<T> type) {
                return type == FirewallService.class ? Optional.of((T) firewall) : Optional.empty();
            }
        };
    }

    private int run(Console.Verbosity verbosity, boolean interactive, sandbox.api.Command command, String... args)
            throws SandboxException {
        stdout = new ByteArrayOutputStream();
        stderr = new ByteArrayOutputStream();
        Console console = Console.of(new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), verbosity, interactive);
        Settings settings = Settings.resolve(Map.of("cache.dir", dir.resolve("cache").toString(),
                "image.revision", "r1", "image.source", "https://git.invalid/s"), Map.of());
        return command.run(new Invocation(List.of(args), project, settings, console, services()));
    }

    private int build(String... extra) throws SandboxException {
        List<String> args = new java.util.ArrayList<>(List.of("--base", "tar://" + base, "--to", "tar:" + out));
        args.addAll(List.of(extra));
        return run(Console.Verbosity.NORMAL, false, new BuildCommand(), args.toArray(String[]::new));
    }

    private String stdout() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    @Test
    void buildsToATarAndEndsWithTheDigestAndTarget() throws Exception {
        assertEquals(0, build());
        assertTrue(stdout().matches("built sha256:[0-9a-f]{64} -> tar:" + out + " \\(sandbox:latest\\)\n"), stdout());
        assertTrue(Files.isRegularFile(out));
        assertTrue(stderr().contains("[build] "), "plain progress lines when not a terminal: " + stderr());
        assertFalse(stderr().contains("\r"), "no bar when not a terminal");
        LastBuild last = LastBuild.read(project).orElseThrow();
        assertEquals("tar:" + out, last.target());
        assertTrue(stdout().contains(last.digest()), stdout() + " vs " + last.digest());
    }

    @Test
    void skipsAnUnchangedPlanAndRebuildsWhenAnInputOrTheTargetChanges() throws Exception {
        build();
        String digest = stdout().split(" ")[1];
        build();
        assertEquals("unchanged " + digest + " -> tar:" + out + " (sandbox:latest)\n", stdout());
        Files.writeString(project.configDir().resolve("seed/CLAUDE.md"), "# v2\n");
        build();
        assertTrue(stdout().startsWith("built "), stdout());
        Files.delete(out);
        build();
        assertTrue(stdout().startsWith("built "), "target gone: " + stdout());
        build("--force");
        assertTrue(stdout().startsWith("built "), "--force: " + stdout());
    }

    @Test
    void quietPrintsNoProgressButStillTheResult() throws Exception {
        run(Console.Verbosity.QUIET, false, new BuildCommand(), "--base", "tar://" + base, "--to", "tar:" + out);
        assertEquals("", stderr());
        assertTrue(stdout().startsWith("built sha256:"));
    }

    @Test
    void aTerminalGetsABarWithTheStep() throws Exception {
        run(Console.Verbosity.NORMAL, true, new BuildCommand(), "--base", "tar://" + base, "--to", "tar:" + out);
        assertTrue(stderr().contains("\r[") && stderr().contains("%"), stderr());
        assertTrue(stderr().endsWith("\r\u001b[K"), "the bar is cleared before the result line");
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertThrows(UsageException.class, () -> build("--format", "tgz"));
        assertThrows(UsageException.class, () -> build("--to", "ftp:x"));
        assertThrows(UsageException.class, () -> run(Console.Verbosity.NORMAL, false, new BuildCommand(),
                "--base", "debian:bookworm", "--to", "tar:" + out));
    }

    @Test
    void inspectShowsPlanLayersAndWhatChangedSinceTheLastBuild() throws Exception {
        build();
        Files.writeString(project.configDir().resolve("seed/CLAUDE.md"), "# v2\n");
        run(Console.Verbosity.NORMAL, false, new ImageCommand(), "inspect", "--base", "tar://" + base);
        String text = stdout();
        assertTrue(text.matches("(?s)plan [0-9a-f]{64}\n.*"), text);
        assertTrue(text.contains("  3 sandbox\n"), text);
        assertTrue(text.contains("      /etc/sudoers.d/claude  file 0440 0:0 sha256:"), text);
        assertTrue(text.contains("  ~ file:/usr/local/share/sandbox/seed/CLAUDE.md file 0644 0:0 sha256:"), text);
        assertTrue(text.contains("  1 input(s) changed"), text);
    }
}
