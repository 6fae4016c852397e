package sandbox.api;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The checkout sandbox works on, and the well-known paths inside it (DESIGN.md, "Files a
 * user sees").
 */
public record Project(Path root) {

    public Project {
        root = root.toAbsolutePath().normalize();
    }

    /**
     * The nearest directory at or above {@code start} that has {@code config/allowlist.txt}
     * or {@code config/sandbox.properties}; {@code start} itself when there is none.
     */
    public static Project discover(Path start) {
        Path dir = start.toAbsolutePath().normalize();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("config/allowlist.txt"))
                    || Files.isRegularFile(p.resolve("config/sandbox.properties"))) {
                return new Project(p);
            }
        }
        return new Project(dir);
    }

    public Path configDir() { return root.resolve("config"); }

    public Path allowlist() { return configDir().resolve("allowlist.txt"); }

    public Path extraAllowlist() { return configDir().resolve("extra-allowlist.txt"); }

    public Path extraAllowlistTemplate() { return configDir().resolve("extra-allowlist.txt.example"); }

    public Path properties() { return configDir().resolve("sandbox.properties"); }

    public Path lockFile() { return configDir().resolve("sandbox.lock"); }

    public Path stateDir() { return root.resolve(".sandbox"); }

    public Path firewallDir() { return stateDir().resolve("firewall"); }

    public Path devcontainerDir() { return root.resolve(".devcontainer"); }

    public Path envFile() { return devcontainerDir().resolve(".env"); }

    /** Shortest readable form of a path for messages: relative to the root when inside it. */
    public String display(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        return abs.startsWith(root) && !abs.equals(root) ? root.relativize(abs).toString() : abs.toString();
    }
}
