package sandbox.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import sandbox.secrets.internal.git.Git;

/** Real directories, real files, real git. */
public final class Fixtures {

    private Fixtures() {
    }

    public static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    /** KEY=VALUE lines of a file, comments skipped. */
    public static Map<String, String> values(Path p) throws IOException {
        return Files.readAllLines(p).stream().filter(l -> !l.startsWith("#") && l.contains("="))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')).replaceFirst("^export ", ""),
                        l -> l.substring(l.indexOf('=') + 1), (a, b) -> b, java.util.LinkedHashMap::new));
    }

    public static String password(Path envFile) throws IOException {
        return values(envFile).get("POSTGRES_PASSWORD");
    }

    /** {@code git init} plus an identity for commits. */
    public static Path gitRepo(Path dir) throws IOException {
        Files.createDirectories(dir);
        git(dir, "init", "-q");
        git(dir, "config", "user.email", "test@sandbox.invalid");
        git(dir, "config", "user.name", "sandbox test");
        return dir;
    }

    public static Git.Result git(Path dir, String... args) {
        Git.Result r = new Git("git").run(dir, List.of(args));
        assertEquals(0, r.exitCode(), () -> "git " + String.join(" ", args) + ": " + r.stderr());
        return r;
    }

    public static boolean gitAvailable() {
        return !new Git("git").run(Path.of("."), List.of("--version")).missing();
    }
}
