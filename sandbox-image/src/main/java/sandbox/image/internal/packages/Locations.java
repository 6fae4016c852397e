package sandbox.image.internal.packages;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;
import sandbox.api.SandboxException;
import sandbox.image.internal.deb.ControlFile;
import sandbox.image.internal.deb.Stanza;

/**
 * Where the Debian archive and the npm registry are, read from the user's own
 * configuration and never from ours: settings {@code debian.mirror},
 * {@code debian.security.mirror}, {@code npm.registry} first, then the machine's apt
 * sources ({@code /etc/apt/sources.list.d/*.sources}, {@code sources.list}) and npm's
 * configuration ({@code NPM_CONFIG_REGISTRY}, {@code ~/.npmrc}, {@code npm config get registry}).
 */
public final class Locations {

    private final Function<String, Optional<String>> settings;
    private final Map<String, String> env;
    private final Path etcApt;
    private final Path home;
    private Map<String, URI> aptSuites;
    private Optional<URI> npm;

    public Locations(Function<String, Optional<String>> settings, Map<String, String> env, Path etcApt, Path home) {
        this.settings = settings;
        this.env = env;
        this.etcApt = etcApt;
        this.home = home;
    }

    /** The machine's configuration with {@code SANDBOX_*} environment settings on top. */
    public static Locations ofMachine(Function<String, Optional<String>> settings) {
        return new Locations(settings, System.getenv(), Path.of("/etc/apt"), Path.of(System.getProperty("user.home")));
    }

    /** The archive root serving {@code suite} (e.g. {@code bookworm-security}), ending with '/'. */
    public Optional<URI> debian(String suite) throws SandboxException {
        String key = suite.endsWith("-security") ? "debian.security.mirror" : "debian.mirror";
        Optional<String> set = settings.apply(key);
        if (set.isPresent() && !set.get().isBlank()) {
            return Optional.of(root(set.get(), key));
        }
        return Optional.ofNullable(aptSuites().get(suite));
    }

    /** Suites the apt sources name for this distribution (e.g. bookworm, bookworm-updates, bookworm-security). */
    public List<String> aptSuites(String release) throws SandboxException {
        List<String> out = new ArrayList<>();
        for (String s : aptSuites().keySet()) {
            if (s.equals(release) || s.startsWith(release + "-")) {
                out.add(s);
            }
        }
        return out;
    }

    /** The npm registry root, ending with '/'. */
    public Optional<URI> npmRegistry() throws SandboxException {
        if (npm == null) {
            npm = findNpm();
        }
        return npm;
    }

    private Optional<URI> findNpm() throws SandboxException {
        Optional<String> set = settings.apply("npm.registry");
        if (set.isPresent() && !set.get().isBlank()) {
            return Optional.of(root(set.get(), "npm.registry"));
        }
        for (String name : List.of("NPM_CONFIG_REGISTRY", "npm_config_registry")) {
            String v = env.getOrDefault(name, "");
            if (!v.isBlank()) {
                return Optional.of(root(v, name));
            }
        }
        Path npmrc = home.resolve(".npmrc");
        if (Files.isRegularFile(npmrc)) {
            try {
                for (String line : Files.readAllLines(npmrc, StandardCharsets.UTF_8)) {
                    String l = line.strip();
                    if (l.startsWith("registry") && l.replace(" ", "").startsWith("registry=")) {
                        return Optional.of(root(l.substring(l.indexOf('=') + 1).strip(), npmrc.toString()));
                    }
                }
            } catch (IOException e) {
                throw new SandboxException("cannot read " + npmrc + ": " + e.getMessage(), e);
            }
        }
        return npmConfig();
    }

    /** {@code npm config get registry}: npm knows its built-in default and global config; we do not. */
    private Optional<URI> npmConfig() throws SandboxException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            DefaultExecutor exec = DefaultExecutor.builder().get();
            exec.setStreamHandler(new PumpStreamHandler(out, java.io.OutputStream.nullOutputStream()));
            exec.setWatchdog(ExecuteWatchdog.builder().setTimeout(java.time.Duration.ofSeconds(30)).get());
            exec.execute(new CommandLine("npm").addArgument("config").addArgument("get").addArgument("registry"));
            String v = out.toString(StandardCharsets.UTF_8).strip();
            return v.isBlank() || v.equals("undefined") ? Optional.empty() : Optional.of(root(v, "npm config"));
        } catch (IOException e) {
            return Optional.empty();   // no npm on this machine: the user must set npm.registry
        }
    }

    private Map<String, URI> aptSuites() throws SandboxException {
        if (aptSuites == null) {
            aptSuites = readApt();
        }
        return aptSuites;
    }

    private Map<String, URI> readApt() throws SandboxException {
        Map<String, URI> suites = new LinkedHashMap<>();
        Path dir = etcApt.resolve("sources.list.d");
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                ds.forEach(files::add);
            } catch (IOException e) {
                throw new SandboxException("cannot list " + dir + ": " + e.getMessage(), e);
            }
        }
        files.sort(null);
        for (Path f : files) {
            if (f.toString().endsWith(".sources")) {
                readDeb822(f, suites);
            } else if (f.toString().endsWith(".list")) {
                readOneLine(f, suites);
            }
        }
        Path list = etcApt.resolve("sources.list");
        if (Files.isRegularFile(list)) {
            readOneLine(list, suites);
        }
        return suites;
    }

    private static void readDeb822(Path f, Map<String, URI> suites) throws SandboxException {
        String text = read(f);
        for (Stanza s : ControlFile.parse(text, f.toString())) {
            if (!List.of(s.get("Types", "").split("\\s+")).contains("deb")
                    || s.get("Enabled", "yes").equalsIgnoreCase("no")
                    || !List.of(s.get("Components", "").split("\\s+")).contains("main")) {
                continue;
            }
            String[] uris = s.get("URIs", "").strip().split("\\s+");
            if (uris.length == 0 || uris[0].isBlank()) {
                continue;
            }
            for (String suite : s.get("Suites", "").strip().split("\\s+")) {
                suites.putIfAbsent(suite, root(uris[0], f + ":" + s.line()));
            }
        }
    }

    private static void readOneLine(Path f, Map<String, URI> suites) throws SandboxException {
        String[] lines = read(f).split("\n");
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip().replaceAll("\\[[^]]*]", " ");
            String[] w = l.split("\\s+");
            if (w.length >= 4 && w[0].equals("deb") && List.of(w).subList(3, w.length).contains("main")) {
                suites.putIfAbsent(w[2], root(w[1], f + ":" + (i + 1)));
            }
        }
    }

    private static String read(Path f) throws SandboxException {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SandboxException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    private static URI root(String text, String where) throws SandboxException {
        try {
            URI u = URI.create(text.endsWith("/") ? text : text + "/");
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
                throw new IllegalArgumentException("not http(s)");
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new SandboxException("not an http(s) location: '" + text + "'", where, null, e);
        }
    }
}
