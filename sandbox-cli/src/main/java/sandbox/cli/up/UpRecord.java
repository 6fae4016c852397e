package sandbox.cli.up;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sandbox.api.Project;
import sandbox.api.SandboxException;
import sandbox.api.Settings;

/**
 * {@code .sandbox/up.json}: the settings the last {@code up} ran with (paths absolute, no
 * secret) and what it produced. {@code refresh}, {@code status}, {@code down} … read it so
 * they act on the sandbox that is actually running, with the same compile inputs.
 */
public record UpRecord(Map<String, String> settings, Map<String, String> produced) {

    /** The setting keys recorded: the ones that name or shape the running sandbox. */
    static final List<String> KEYS = List.of("container.prefix", "runtime", "image.name", "image.base", "image.sudo",
            "firewall.mode", "firewall.require", "firewall.allowlists", "firewall.defaults", "firewall.hosts",
            "firewall.feeds", "firewall.capabilities", "probe.allowed", "probe.blocked", "workspace", "db.enabled",
            "db.image", "restart.policy", "tz", "firewall.networks");

    /**
     * Made on first use: every command loads this class for {@link #KEYS} (the settings
     * check), and a mapper costs hundreds of classes on the main thread before anything starts.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    public UpRecord {
        settings = Map.copyOf(settings);
        produced = Map.copyOf(produced);
    }

    public static Path file(Project project) {
        return project.stateDir().resolve("up.json");
    }

    /** The options as settings (paths made absolute), ready to record. */
    static Map<String, String> settingsOf(UpOptions o) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("container.prefix", o.names().prefix());
        o.runtime().ifPresent(r -> m.put("runtime", r));
        m.put("image.name", o.imageName());
        m.put("image.base", o.base());
        m.put("image.sudo", Boolean.toString(o.sudo()));
        m.put("firewall.mode", o.mode());
        m.put("firewall.require", Boolean.toString(o.requireFirewall()));
        m.put("firewall.allowlists", String.join(",", o.allowlists().stream().map(Path::toString).toList()));
        m.put("firewall.defaults", Boolean.toString(o.includeDefaults()));
        o.hosts().ifPresent(h -> m.put("firewall.hosts", h.toString()));
        o.feeds().ifPresent(f -> m.put("firewall.feeds", f.toString()));
        m.put("firewall.capabilities", String.join(",", o.firewallCapabilities()));
        m.put("probe.allowed", o.probeAllowed().map(Probe::toString).orElse("none"));
        m.put("probe.blocked", o.probeBlocked().map(Probe::toString).orElse("none"));
        o.workspace().ifPresent(w -> m.put("workspace", w.toString()));
        m.put("db.enabled", Boolean.toString(o.db()));
        m.put("db.image", o.dbImage());
        m.put("restart.policy", o.restartPolicy());
        o.tz().ifPresent(t -> m.put("tz", t));
        m.put("firewall.networks", String.join(",", o.extraNetworks()));
        return m;
    }

    public static Optional<UpRecord> read(Project project) {
        Path f = file(project);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            JsonNode n = Json.MAPPER.readTree(f.toFile());
            Map<String, String> s = new LinkedHashMap<>();
            n.path("settings").fields().forEachRemaining(e -> s.put(e.getKey(), e.getValue().asText()));
            Map<String, String> p = new LinkedHashMap<>();
            n.path("produced").fields().forEachRemaining(e -> p.put(e.getKey(), e.getValue().asText()));
            return Optional.of(new UpRecord(s, p));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The record {@code up --last} repeats. Missing or unreadable, it is an error: the defaults
     * in its place would resolve and fetch live what the last up took from files.
     */
    static UpRecord require(Project project) throws SandboxException {
        Path f = file(project);
        String shown = project.display(f);
        if (!Files.isRegularFile(f)) {
            throw new SandboxException("no earlier 'up' is recorded for --last", shown,
                    "run 'sandbox up' with your options once; --last repeats them", null);
        }
        try {
            JsonNode n = Json.MAPPER.readTree(f.toFile());
            if (n == null || !n.path("settings").isObject()) {
                throw new IOException("no settings object");
            }
        } catch (IOException e) {
            throw new SandboxException("the record of the last 'up' cannot be read (" + e.getClass().getSimpleName() + ")",
                    shown, "run 'sandbox up' with your options to write it again", null);
        }
        return read(project).orElseThrow();
    }

    public void write(Project project) throws SandboxException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode s = root.putObject("settings");
        new java.util.TreeMap<>(settings).forEach(s::put);
        ObjectNode p = root.putObject("produced");
        new java.util.TreeMap<>(produced).forEach(p::put);
        try {
            byte[] bytes = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root).concat("\n")
                    .getBytes(StandardCharsets.UTF_8);
            StateFiles.write(file(project), bytes, project.display(file(project)));
        } catch (IOException e) {
            throw new SandboxException("cannot write " + file(project) + ": " + e.getMessage(), e);
        }
    }

    /** {@code settings} with every recorded key it does not set itself filled in from this record. */
    public Settings under(Settings current) {
        Settings s = current;
        for (String key : KEYS) {
            if (current.get(key).isEmpty() && settings.containsKey(key)) {
                s = s.with(key, settings.get(key));
            }
        }
        return s;
    }

    /** The settings to act on: the current ones over the last up's, when there was one. */
    public static Settings effective(Settings current, Project project) {
        return read(project).map(r -> r.under(current)).orElse(current);
    }
}
