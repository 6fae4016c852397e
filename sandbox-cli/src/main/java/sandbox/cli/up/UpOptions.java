package sandbox.cli.up;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import sandbox.api.Arguments;
import sandbox.api.Project;
import sandbox.api.Settings;
import sandbox.api.UsageException;

/**
 * Everything {@code up} (and {@code refresh}) needs, resolved once: each flag becomes a
 * setting on top of the environment and {@code config/sandbox.properties}, so the three
 * sources share one set of keys (see the commented {@code config/sandbox.properties}).
 */
public record UpOptions(Names names, Optional<String> runtime, String imageName, String base, boolean sudo,
                        String mode, boolean requireFirewall, Optional<Path> workspace, boolean db, String dbImage,
                        List<Path> allowlists, boolean includeDefaults, Optional<Path> hosts, Optional<Path> feeds,
                        Optional<Probe> probeAllowed, Optional<Probe> probeBlocked, List<String> firewallCapabilities,
                        Duration firewallWait, Duration dbWait, String restartPolicy, Optional<String> tz,
                        List<String> extraNetworks, boolean ipv6) {

    public static final String DEFAULT_PROBE_ALLOWED = "api.anthropic.com:443";
    /** TEST-NET-1 (RFC 5737): never routed, so a missing firewall shows as a timeout, not a reply. */
    public static final String DEFAULT_PROBE_BLOCKED = "192.0.2.1:443";

    public UpOptions {
        allowlists = List.copyOf(allowlists);
        firewallCapabilities = List.copyOf(firewallCapabilities);
        extraNetworks = List.copyOf(extraNetworks);
    }

    /**
     * The agent may write anywhere in its workspace. A workspace that holds this checkout, lies
     * inside it, or is one of its folders under another path (a bind mount) would let it rewrite
     * {@code .sandbox/firewall} (applied again at the next restart), {@code config/} (the next
     * refresh's allowlist) or the secret file.
     */
    static void refuseUnsafeWorkspace(Path workspace, Project project) throws UsageException {
        if (!java.nio.file.Files.isDirectory(workspace)) {
            throw new UsageException("workspace '" + workspace + "' is not a directory", "create it first, or leave out --workspace");
        }
        Path real;
        Path root;
        try {
            real = workspace.toRealPath();
            root = project.root().toRealPath();
        } catch (java.io.IOException e) {
            throw new UsageException("workspace '" + workspace + "' cannot be read: " + e.getMessage(), "check the path");
        }
        String why = root.startsWith(real) ? "contains this checkout"
                : real.startsWith(root) ? "is inside this checkout"
                : sameFolderAsCheckouts(real, project, root) ? "is this checkout (or one of its folders) under another path"
                : insideOrHolding(real, toolHome()) ? "holds or lies inside sandbox's own checkout (the launcher you run)"
                : null;
        if (why != null) {
            throw new UsageException("workspace '" + workspace + "' " + why + ", so the agent could rewrite its firewall rules"
                    + " (.sandbox/), config/ or the secret file", "bind a folder outside the checkout");
        }
    }

    /**
     * Where the launcher runs from ({@code -Dsandbox.home}, set by {@code ./sandbox}): with
     * {@code SANDBOX_PROJECT} elsewhere, an agent writing there would edit what the user runs next.
     */
    private static Optional<Path> toolHome() {
        try {
            return Optional.ofNullable(System.getProperty("sandbox.home")).filter(h -> !h.isBlank())
                    .map(h -> Path.of(h)).filter(java.nio.file.Files::isDirectory).map(h -> {
                        try {
                            return h.toRealPath();
                        } catch (java.io.IOException e) {
                            return h;
                        }
                    });
        } catch (SecurityException e) {
            return Optional.empty();
        }
    }

    private static boolean insideOrHolding(Path workspace, Optional<Path> home) throws UsageException {
        if (home.isEmpty()) {
            return false;
        }
        Path h = home.get();
        return h.startsWith(workspace) || workspace.startsWith(h) || sameAsFolderOrParent(workspace, h);
    }

    /** Whether {@code workspace} is {@code folder} or one of its parents, by device and inode. */
    private static boolean sameAsFolderOrParent(Path workspace, Path folder) throws UsageException {
        try {
            for (Path p = folder; p != null; p = p.getParent()) {
                if (java.nio.file.Files.isSameFile(p, workspace)) {
                    return true;
                }
            }
            return false;
        } catch (java.io.IOException e) {
            throw new UsageException("workspace '" + workspace + "' cannot be compared with " + folder + ": "
                    + e.getMessage(), "check the path");
        }
    }

    /**
     * A bind mount shows a folder under another path; device and inode, not the path, say
     * whether it is the same folder: the checkout, its parents, and its state, config and
     * secret folders with everything below them (small folders, walked whole).
     */
    private static boolean sameFolderAsCheckouts(Path workspace, Project project, Path root) throws UsageException {
        if (sameAsFolderOrParent(workspace, root)) {
            return true;
        }
        try {
            for (Path top : List.of(project.stateDir(), project.configDir(), project.envFile().getParent())) {
                if (!java.nio.file.Files.isDirectory(top, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try (var dirs = java.nio.file.Files.walk(top, 8)) {
                    for (Path d : dirs.filter(d -> java.nio.file.Files.isDirectory(d, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                            .toList()) {
                        if (java.nio.file.Files.isSameFile(d, workspace)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            throw new UsageException("workspace '" + workspace + "' cannot be compared with the checkout: " + e.getMessage(),
                    "check the path");
        }
    }

    /** Flags of {@code up} with their setting keys; bare flags set {@code true}/{@code false}. */
    static final Map<String, String> FLAG_KEYS = Map.of(
            "--db", "db.enabled=true",
            "--require-firewall", "firewall.require=true",
            "--no-sudo", "image.sudo=false",
            "--no-defaults", "firewall.defaults=false");

    static final Map<String, String> VALUE_KEYS = Map.ofEntries(
            Map.entry("--mode", "firewall.mode"),
            Map.entry("--workspace", "workspace"),
            Map.entry("--base", "image.base"),
            Map.entry("--hosts", "firewall.hosts"),
            Map.entry("--feeds", "firewall.feeds"),
            Map.entry("--probe-allowed", "probe.allowed"),
            Map.entry("--probe-blocked", "probe.blocked"),
            Map.entry("--runtime", "runtime"),
            Map.entry("--network", "firewall.networks"),
            Map.entry("--allowlist", "firewall.allowlists"));

    public static Set<String> flagNames() {
        return FLAG_KEYS.keySet();
    }

    public static Set<String> valueNames() {
        return VALUE_KEYS.keySet();
    }

    /** The settings with this command line's flags layered on top. */
    public static Settings withFlags(Settings settings, Arguments args) {
        Settings s = settings;
        for (Map.Entry<String, String> f : FLAG_KEYS.entrySet()) {
            if (args.has(f.getKey())) {
                String[] kv = f.getValue().split("=", 2);
                s = s.with(kv[0], kv[1]);
            }
        }
        for (Map.Entry<String, String> v : VALUE_KEYS.entrySet()) {
            List<String> given = args.values(v.getKey());
            if (!given.isEmpty()) {
                s = s.with(v.getValue(), (v.getKey().equals("--allowlist") || v.getKey().equals("--network")) ? String.join(",", given) : given.get(given.size() - 1));
            }
        }
        return s;
    }

    public static UpOptions resolve(Settings s, Project project) throws UsageException {
        String mode = s.get("firewall.mode", "strict").trim();
        if (!mode.equals("strict") && !mode.equals("permissive")) {
            throw new UsageException("firewall mode '" + mode + "' is neither strict nor permissive",
                    "--mode strict|permissive (setting firewall.mode, env FIREWALL_MODE)");
        }
        String prefix = s.get("container.prefix", Names.DEFAULT_PREFIX).trim();
        // It also names the image (sandbox-PREFIX), whose name parts the runtimes read more strictly.
        if (prefix.length() > 40 || !prefix.matches("[a-zA-Z0-9]+(?:[._-][a-zA-Z0-9]+)*")) {
            throw new UsageException("container.prefix '" + (prefix.length() > 40 ? prefix.substring(0, 40) + "…" : prefix)
                    + "' is not a valid container name prefix",
                    "at most 40 letters and digits, single '_', '.' or '-' between them");
        }
        List<Path> allowlists = new ArrayList<>();
        for (String a : s.list("firewall.allowlists")) {
            allowlists.add(path(s, "firewall.allowlists", a, project));
        }
        // The real path: the runtime binds what it names at every start, so a symlink checked
        // once could point elsewhere at the next restart.
        Optional<Path> workspace = s.get("workspace").filter(w -> !w.isBlank()).map(w -> realIfPresent(path(s, "workspace", w, project)));
        if (workspace.isPresent() && workspace.get().toString().contains(",")) {
            throw new UsageException("workspace path '" + workspace.get() + "' contains a comma", "use a folder without ',' in its path");

        }
        OptionValues.runtime(s, "runtime");
        return new UpOptions(new Names(prefix),
                s.get("runtime").filter(r -> !r.isBlank()),
                s.get("image.name").filter(n -> !n.isBlank()).map(String::trim).orElse(new Names(prefix).defaultImage()),
                s.get("image.base", ""),
                OptionValues.flag(s, "image.sudo", true),
                mode,
                OptionValues.flag(s, "firewall.require", false),
                workspace,
                OptionValues.flag(s, "db.enabled", false),
                s.get("db.image", "postgres:16-bookworm"),
                allowlists,
                OptionValues.flag(s, "firewall.defaults", true),
                s.get("firewall.hosts").filter(h -> !h.isBlank()).map(h -> path(s, "firewall.hosts", h, project)),
                s.get("firewall.feeds").filter(h -> !h.isBlank()).map(h -> path(s, "firewall.feeds", h, project)),
                probe(s, "probe.allowed", DEFAULT_PROBE_ALLOWED),
                probe(s, "probe.blocked", DEFAULT_PROBE_BLOCKED),
                OptionValues.capabilities(s, "firewall.capabilities", List.of("NET_ADMIN", "NET_RAW")),
                Duration.ofSeconds(seconds(s, "firewall.wait.seconds", 30)),
                Duration.ofSeconds(seconds(s, "db.wait.seconds", 90)),
                OptionValues.restartPolicy(s, "restart.policy", "unless-stopped"),
                s.get("tz").filter(t -> !t.isBlank()),
                s.list("firewall.networks"),
                OptionValues.flag(s, "network.ipv6", true));
    }

    /** {@code none} (or empty) switches a probe off. */
    private static Optional<Probe> probe(Settings s, String key, String fallback) throws UsageException {
        String v = s.get(key, fallback).trim();
        if (v.isEmpty() || v.equals("none")) {
            return Optional.empty();
        }
        return Optional.of(Probe.parse(v, key));
    }

    private static long seconds(Settings s, String key, long fallback) throws UsageException {
        String v = s.get(key, Long.toString(fallback)).trim();
        try {
            long n = Long.parseLong(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("setting " + key + " = '" + v + "' is not a positive number of seconds");
    }

    /** A flag's relative path is relative to the working directory; a setting's, to the project. */
    private static Path realIfPresent(Path p) {
        try {
            return p.toRealPath();
        } catch (java.io.IOException e) {
            return p; // refuseUnsafeWorkspace says what is wrong with it
        }
    }

    private static Path path(Settings s, String key, String value, Project project) {
        Path p = Path.of(value.trim());
        if (p.isAbsolute()) {
            return p.normalize();
        }
        Path base = s.origin(key).orElse(Settings.Origin.PROPERTIES) == Settings.Origin.FLAG
                ? Path.of("").toAbsolutePath() : project.root();
        return base.resolve(p).normalize();
    }
}
