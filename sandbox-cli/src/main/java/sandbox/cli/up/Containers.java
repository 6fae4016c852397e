package sandbox.cli.up;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import sandbox.api.Project;
import sandbox.api.SandboxException;
import sandbox.cli.runtime.ContainerInfo;
import sandbox.cli.runtime.RunSpec;

/**
 * The three containers of a sandbox as {@link RunSpec}s (DESIGN.md, "{@code sandbox up}, as
 * data flows", step 6). Each carries a {@code dev.sandbox.spec} label: a hash of its own
 * arguments, so {@code up} recreates exactly the containers whose definition changed.
 */
public final class Containers {

    public static final String LABEL_PROJECT = "dev.sandbox.project";
    public static final String LABEL_ROLE = "dev.sandbox.role";
    public static final String LABEL_PLAN = "dev.sandbox.plan";
    public static final String LABEL_SPEC = "dev.sandbox.spec";
    public static final String FIREWALL_DIR = "/etc/sandbox/firewall";
    public static final String HISTORY_DIR = "/commandhistory";

    private final UpOptions options;
    private final List<String> dnsUpstreams;
    private final Project project;
    private final String image;
    private final String planHash;

    /**
     * @param image the image to run: its id ({@code sha256:…}) so a rebuild under the same
     *              name is a different spec
     */
    public Containers(UpOptions options, Project project, String image, String planHash) {
        this(options, project, image, planHash, DnsUpstreams.ofHost());
    }

    /** @param dnsUpstreams where Docker's embedded DNS forwards; the firewall must let them through */
    Containers(UpOptions options, Project project, String image, String planHash, List<String> dnsUpstreams) {
        this.dnsUpstreams = List.copyOf(dnsUpstreams);
        this.options = options;
        this.project = project;
        this.image = image;
        this.planHash = planHash;
    }

    /** Owns the network namespace and the only capability to change the rules. */
    public RunSpec firewall() {
        RunSpec.Builder b = base(options.names().firewall(), "firewall")
                .network(options.names().network())
                .capAdd(options.firewallCapabilities())
                .env("SANDBOX_ROLE", "firewall")
                // A directory mount (not file mounts), so a refresh sees the recompiled files.
                .bind(project.firewallDir().toString(), FIREWALL_DIR, true);
        if (!options.extraNetworks().isEmpty()) {
            // Connected after the start (run takes one network); the label makes a change recreate.
            b.label("dev.sandbox.networks", String.join(",", options.extraNetworks()));
        }
        if (options.requireFirewall()) {
            b.env("SANDBOX_REQUIRE_FIREWALL", "1");
        }
        if (!dnsUpstreams.isEmpty()) {
            b.env("SANDBOX_DNS_UPSTREAMS", String.join(" ", dnsUpstreams));
        }
        return withSpecHash(b);
    }

    /** Joins the firewall's network namespace with no capability over it, even as root. */
    public RunSpec agent() {
        RunSpec.Builder b = base(options.names().agent(), "agent")
                .network("container:" + options.names().firewall())
                .capDrop(List.of("NET_ADMIN", "NET_RAW"))
                .envFile(project.envFile().toString())
                .env("SANDBOX_ROLE", "agent")
                .env("HISTFILE", HISTORY_DIR + "/.bash_history");
        options.workspace().ifPresentOrElse(
                w -> b.bind(w.toString(), "/workspace", false),
                () -> b.volume(options.names().workspaceVolume(), "/workspace"));
        b.volume(options.names().configVolume(), "/home/claude/.claude");
        b.volume(options.names().historyVolume(), HISTORY_DIR);
        if (!marksNamespace(options)) {
            // sandbox-init waits for the firewall's mark on the namespace; this firewall cannot set it.
            b.env("SANDBOX_AWAIT_FIREWALL", "0");
        }
        // The agent reads the secret file once, at creation: a changed file (a rotated password)
        // must recreate it. Only a digest of the content enters the spec hash, never a value.
        return b.label(LABEL_SPEC, sha256(String.join("\0", b.build().arguments()) + "\0" + envDigest())
                .substring(0, 16)).build();
    }

    private String envDigest() {
        try {
            return sha256(new String(java.nio.file.Files.readAllBytes(project.envFile()), StandardCharsets.ISO_8859_1));
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /**
     * Two checkouts with the same prefix (the default one, say) would share one sandbox: the
     * second would take over, stop or remove the first one's containers and volumes. Every
     * command that acts on the sandbox refuses another checkout's, before any change.
     */
    static void requireOwnedBy(Project project, java.util.Collection<ContainerInfo> containers) throws SandboxException {
        for (ContainerInfo c : containers) {
            Optional<String> owner = c.label(LABEL_PROJECT);
            if (owner.isPresent() && !owner.get().equals(project.root().toString())) {
                throw new SandboxException("the container " + c.name() + " belongs to the sandbox of " + owner.get(), null,
                        "give this checkout its own prefix (container.prefix in config/sandbox.properties, or"
                                + " SANDBOX_CONTAINER_PREFIX), or run 'sandbox down' in " + owner.get() + " first", null);
            }
        }
    }

    /** The firewall container can mark its namespace (and filter at all): it holds NET_ADMIN. */
    static boolean marksNamespace(UpOptions options) {
        return options.firewallCapabilities().stream().map(c -> c.strip().toUpperCase(java.util.Locale.ROOT))
                .anyMatch(c -> c.equals("NET_ADMIN") || c.equals("CAP_NET_ADMIN") || c.equals("ALL"));
    }

    /**
     * The Postgres sidecar: on the sandbox network under the host name the secret file's
     * {@code PGHOST} names, published on loopback only, healthy when {@code pg_isready} says so.
     */
    public RunSpec database(String pgHost) {
        RunSpec.Builder b = RunSpec.builder(options.names().db(), options.dbImage())
                .label(LABEL_PROJECT, project.root().toString())
                .label(LABEL_ROLE, "db")
                .network(options.names().network())
                .restart(options.restartPolicy())
                .envFile(project.envFile().toString())
                .volume(options.names().dataVolume(), "/var/lib/postgresql/data")
                .publish("127.0.0.1::5432")
                // Over TCP: the official image's first-start server listens on the socket only.
                .healthCommand("pg_isready -q -h 127.0.0.1");
        if (!pgHost.equals(options.names().db())) {
            b.networkAlias(pgHost);
        }
        options.tz().ifPresent(tz -> b.env("TZ", tz));
        return withSpecHash(b);
    }

    private RunSpec.Builder base(String name, String role) {
        RunSpec.Builder b = RunSpec.builder(name, image)
                .label(LABEL_PROJECT, project.root().toString())
                .label(LABEL_ROLE, role)
                .label(LABEL_PLAN, planHash)
                .init(true)
                .restart(options.restartPolicy());
        options.tz().ifPresent(tz -> b.env("TZ", tz));
        return b;
    }

    private static RunSpec withSpecHash(RunSpec.Builder b) {
        return b.label(LABEL_SPEC, sha256(String.join("\0", b.build().arguments())).substring(0, 16)).build();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
