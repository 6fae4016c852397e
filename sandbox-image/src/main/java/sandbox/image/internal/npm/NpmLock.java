package sandbox.image.internal.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import sandbox.api.SandboxException;
import sandbox.image.NpmPackage;
import sandbox.image.internal.packages.Digest;
import sandbox.image.internal.packages.Remote;

/**
 * Pins npm packages from the registry's metadata: the version asked for (or the
 * {@code latest} dist-tag now), {@code dist.tarball} made relative to the registry, and
 * {@code dist.integrity}. Dependencies must be exact versions (Claude Code has none; its
 * native build is an exact-version optional dependency), and optional dependencies are
 * kept only when their {@code os}/{@code cpu}/{@code libc} match the platform.
 */
public final class NpmLock {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCEPT = "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8";

    /** npm's names for a Debian architecture (glibc userland). */
    record Platform(String os, String cpu, String libc) {
        static Platform of(String debianArch) throws SandboxException {
            return switch (debianArch) {
                case "amd64" -> new Platform("linux", "x64", "glibc");
                case "arm64" -> new Platform("linux", "arm64", "glibc");
                default -> throw new SandboxException("no npm platform for architecture " + debianArch);
            };
        }
    }

    private final URI registry;
    private final Consumer<String> progress;
    private final Map<String, JsonNode> metadata = new TreeMap<>();

    public NpmLock(URI registry, Consumer<String> progress) {
        this.registry = registry;
        this.progress = progress;
    }

    /** {@code wanted} holds {@code NAME} or {@code NAME@VERSION} lines. */
    public List<NpmPackage> resolve(List<String> wanted, String debianArch) throws SandboxException {
        Platform platform = Platform.of(debianArch);
        Map<String, NpmPackage> out = new TreeMap<>();
        Deque<String[]> queue = new ArrayDeque<>();
        for (String w : wanted) {
            int at = w.lastIndexOf('@');
            queue.add(at > 0 ? new String[] {w.substring(0, at), w.substring(at + 1)} : new String[] {w, ""});
        }
        while (!queue.isEmpty()) {
            String[] next = queue.removeFirst();
            String name = next[0];
            JsonNode meta = metadata(name);
            String version = next[1].isEmpty() ? meta.path("dist-tags").path("latest").asText("") : next[1];
            JsonNode v = meta.path("versions").path(version);
            if (v.isMissingNode()) {
                throw new SandboxException("npm package " + name + " has no version '" + version + "'", null,
                        "check config/packages.npm", null);
            }
            NpmPackage previous = out.get(name);
            if (previous != null) {
                if (!previous.version().equals(version)) {
                    throw new SandboxException("npm package " + name + " is wanted at " + previous.version()
                            + " and " + version, null, "pin one version in config/packages.npm", null);
                }
                continue;
            }
            out.put(name, new NpmPackage(name, version, relativeTarball(name, v), integrity(name, v)));
            for (Map.Entry<String, String> dep : entries(v.path("dependencies"))) {
                queue.add(new String[] {dep.getKey(), exact(name, dep)});
            }
            for (Map.Entry<String, String> dep : entries(v.path("optionalDependencies"))) {
                String depVersion = exact(name, dep);
                JsonNode dv = metadata(dep.getKey()).path("versions").path(depVersion);
                if (matches(dv.path("os"), platform.os()) && matches(dv.path("cpu"), platform.cpu())
                        && matches(dv.path("libc"), platform.libc())) {
                    queue.add(new String[] {dep.getKey(), depVersion});
                }
            }
        }
        progress.accept("npm: pinned " + out.size() + " packages");
        return List.copyOf(out.values());
    }

    private JsonNode metadata(String name) throws SandboxException {
        JsonNode cached = metadata.get(name);
        if (cached != null) {
            return cached;
        }
        URI uri = registry.resolve(name.replace("/", "%2f"));
        try {
            JsonNode json = JSON.readTree(Remote.get(uri, ACCEPT, "npm metadata of " + name));
            metadata.put(name, json);
            return json;
        } catch (IOException e) {
            throw new SandboxException("npm metadata of " + name + " is not JSON: " + e.getMessage(), uri.toString(),
                    null, e);
        }
    }

    private String relativeTarball(String name, JsonNode v) throws SandboxException {
        String tarball = v.path("dist").path("tarball").asText("");
        String root = registry.toString();
        if (!tarball.startsWith(root)) {
            throw new SandboxException("tarball of " + name + " is not under the configured registry", tarball,
                    "the lock stores registry-relative paths; configure the registry that serves it", null);
        }
        return tarball.substring(root.length());
    }

    private static String integrity(String name, JsonNode v) throws SandboxException {
        String sri = v.path("dist").path("integrity").asText("");
        for (String option : sri.split("\\s+")) {
            if (option.startsWith("sha512-")) {
                Digest.integrity(option);
                return option;
            }
        }
        throw new SandboxException("npm package " + name + " has no sha512 integrity", null,
                "only packages with dist.integrity sha512 can be locked", null);
    }

    private static String exact(String parent, Map.Entry<String, String> dep) throws SandboxException {
        String range = dep.getValue().strip();
        if (!range.matches("=?v?\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?")) {
            throw new SandboxException(parent + " depends on " + dep.getKey() + "@'" + range
                    + "', a range; only exact versions are resolved", null,
                    "add " + dep.getKey() + "@VERSION to config/packages.npm", null);
        }
        return range.replaceFirst("^=?v?", "");
    }

    private static boolean matches(JsonNode field, String value) {
        if (field.isMissingNode() || field.isNull()) {
            return true;
        }
        List<String> values = new ArrayList<>();
        if (field.isArray()) {
            field.forEach(n -> values.add(n.asText()));
        } else {
            values.add(field.asText());
        }
        boolean anyPositive = values.stream().anyMatch(s -> !s.startsWith("!"));
        if (values.contains("!" + value)) {
            return false;
        }
        return !anyPositive || values.contains(value);
    }

    private static List<Map.Entry<String, String>> entries(JsonNode obj) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.add(Map.entry(e.getKey(), e.getValue().asText()));
        }
        return out;
    }
}
