package sandbox.cli.up;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import sandbox.api.Project;
import sandbox.api.SandboxException;

/**
 * The folder the firewall container has bind-mounted at {@code /etc/sandbox/firewall}. A
 * bind mount pins the directory itself: if a compile replaced {@code .sandbox/firewall} by a
 * new directory, the container would keep reading the old, deleted one. So {@code up}
 * compiles into {@code .sandbox/firewall.next/} and copies the files into the mounted folder,
 * each by an atomic rename inside it; the folder itself is never replaced.
 */
final class FirewallFolder {

    private FirewallFolder() {
    }

    static Path staging(Project project) {
        return project.stateDir().resolve("firewall.next");
    }

    static void publish(Project project) throws SandboxException {
        Path from = staging(project);
        Path to = project.firewallDir();
        try {
            if (Files.isSymbolicLink(to) || (Files.exists(to) && !Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS))) {
                throw new SandboxException(project.display(to) + " is not a directory", project.display(to),
                        "remove it; up recreates it", null);
            }
            Files.createDirectories(to);
            Set<String> names = new HashSet<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(from)) {
                for (Path f : files) {
                    if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                        continue;
                    }
                    String name = f.getFileName().toString();
                    names.add(name);
                    Path tmp = Files.createTempFile(to, "." + name, ".tmp");
                    Files.copy(f, tmp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(
                            Files.isExecutable(f) ? "rwxr-xr-x" : "rw-r--r--"));
                    Files.move(tmp, to.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(to)) {
                for (Path f : files) {
                    if (!names.contains(f.getFileName().toString()) && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                        Files.delete(f);
                    }
                }
            }
        } catch (IOException e) {
            throw new SandboxException("cannot publish the compiled firewall into " + project.display(to) + ": "
                    + e.getMessage(), project.display(to), "check that .sandbox/ is writable", e);
        }
    }
}
