package sandbox.image.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.Console;
import sandbox.api.Invocation;
import sandbox.api.Project;
import sandbox.api.Services;
import sandbox.api.Settings;
import sandbox.api.UsageException;

class LockCommandTest {

    @TempDir
    Path tmp;

    Invocation inv(List<String> args) {
        PrintStream out = new PrintStream(new ByteArrayOutputStream());
        return new Invocation(args, new Project(tmp), Settings.resolve(Map.of(), Map.of()),
                Console.of(out, out, Console.Verbosity.QUIET, false), Services.none());
    }

    @Test
    void withoutABaseOrAnExistingLockItAsksForOne() {
        UsageException e = assertThrows(UsageException.class, () -> new LockCommand().run(inv(List.of())));
        assertEquals("no base image to lock against (hint: pass --base tar://PATH or --base docker://NAME)", e.oneLine());
        assertEquals(2, e.exitCode());
    }

    @Test
    void refusesAnUnknownPlatform() {
        UsageException e = assertThrows(UsageException.class,
                () -> new LockCommand().run(inv(List.of("--base", "tar:///x.tar", "--platform", "riscv64"))));
        assertEquals("unknown platform 'riscv64' (hint: use amd64 or arm64)", e.oneLine());
    }

    @Test
    void aMissingBaseTarIsAFailureNamingThePath() {
        var e = assertThrows(sandbox.api.SandboxException.class,
                () -> new LockCommand().run(inv(List.of("--base", "tar://" + tmp.resolve("none.tar")))));
        assertEquals(tmp.resolve("none.tar") + ": no such base image tar (hint: make it with 'docker save')", e.oneLine());
        assertEquals(1, e.exitCode());
    }
}
