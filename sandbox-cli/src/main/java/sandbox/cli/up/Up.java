package sandbox.cli.up;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import sandbox.api.FirewallService;
import sandbox.api.FirewallService.FirewallBuild;
import sandbox.api.ImageService;
import sandbox.api.ImageService.ImageBuild;
import sandbox.api.Invocation;
import sandbox.api.Project;
import sandbox.api.SandboxException;
import sandbox.api.SecretService;
import sandbox.api.Settings;
import sandbox.cli.runtime.ContainerInfo;
import sandbox.cli.runtime.Engine;
import sandbox.cli.runtime.RunSpec;
import sandbox.cli.up.Verifier.FirewallView;

/**
 * {@code sandbox up}, steps 1–10 of issue 7: secret, allowlist, compile, image, network and
 * volumes, database, firewall container, agent container, verify, summary. Idempotent: what
 * is running and unchanged is only verified; a changed allowlist is refreshed in place; a
 * changed container definition is recreated, volumes kept.
 */
public final class Up {

    private final Invocation inv;
    private final Settings settings;
    private final Engine engine;
    private final UpOptions options;
    private final Progress progress;
    private final Project project;
    private final List<String> actions = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    public Up(Invocation inv, Settings settings, Engine engine, UpOptions options, Progress progress) {
        this.inv = inv;
        this.settings = settings;
        this.engine = engine;
        this.options = options;
        this.progress = progress;
        this.project = inv.project();
    }

    public Summary run() throws SandboxException {
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "up");
            t.setDaemon(true);
            return t;
        });
        try {
            return run(pool);
        } finally {
            pool.shutdown();
        }
    }

    private Summary run(ExecutorService pool) throws SandboxException {
        Names names = options.names();
        FirewallService firewall = inv.services().require(FirewallService.class);
        ImageService images = inv.services().require(ImageService.class);
        SecretService secrets = inv.services().require(SecretService.class);
        // What does not depend on anything else runs side by side from the start: the image
        // check (the apply script is static), the secret, and the runtime's view of the
        // sandbox (each docker call is a CLI start and a daemon round trip). up waits for the
        // slowest of them, not their sum.
        CompletableFuture<Map<String, ContainerInfo>> current = async(pool,
                () -> engine.inspectAll(List.of(names.firewall(), names.agent())));
        progress.step("image " + options.imageName() + " (in the background)");
        CompletableFuture<ImageBuild> building = async(pool, () -> {
            // The image name follows the prefix: another checkout's sandbox must not lose its image first.
            Containers.requireOwnedBy(project, await(current).values());
            return images.build(new ImageService.Request(project, settings, options.base(),
                    engine.imageTarget(options.imageName()), options.sudo(), true, firewall.applyScript()), inv.console());
        });
        CompletableFuture<String> version = async(pool, engine::serverVersion);
        CompletableFuture<Optional<List<String>>> network = async(pool,
                () -> engine.networkGatewaysIfExists(names.network()));
        CompletableFuture<List<String>> missingVolumes = async(pool, () -> engine.missingVolumes(volumes()));
        FirewallBuild rules;
        try {
            CompletableFuture<SecretService.SecretStatus> secret = async(pool, () -> {
                progress.step("secret file " + project.display(project.envFile()));
                // A new file names this sandbox's sidecar (PREFIX-db) as the database host.
                return secrets.ensure(project.envFile(), settings.with("container.prefix", names.prefix()), inv.console());
            });
            seedExtraAllowlist();
            progress.step("compiling the firewall (" + options.mode() + ") into " + project.display(project.firewallDir()));
            rules = firewall.compile(compileRequest(), inv.console());
            warnings.addAll(rules.warnings());
            await(secret);
            warnings.addAll(EnvKeys.checkForRunEnvFile(project.envFile(), project.display(project.envFile())));
            progress.step("container runtime: " + engine.name() + " " + await(version));
        } catch (SandboxException | RuntimeException e) {
            building.cancel(false);
            throw e;
        }
        ImageBuild image = await(building);
        String imageId = imageId(image);
        progress.step(image.skipped() ? "image unchanged (plan " + abbrev(image.planHash()) + ")"
                : "image built: " + image.imageReference() + " " + image.digest());

        Map<String, ContainerInfo> now = await(current);
        for (String extra : options.extraNetworks()) {
            engine.checkJoinable(extra, names.network(), names.firewall());
        }
        Map<String, String> labels = Map.of(Containers.LABEL_PROJECT, project.root().toString());
        Optional<List<String>> gateways = await(network);
        if (gateways.isEmpty()) {
            progress.step("network " + names.network());
            engine.createNetwork(names.network(), labels, networkOptions());
        }
        for (String v : await(missingVolumes)) {
            engine.ensureVolume(v, labels);
        }

        Containers containers = new Containers(options, project, imageId, image.planHash());
        Map<String, String> env = EnvKeys.read(project.envFile());
        Optional<String> database = Optional.empty();
        Optional<String> databaseOnHost = Optional.empty();
        if (options.db()) {
            String pgHost = env.getOrDefault("PGHOST", names.db());
            new Database(engine, options, progress, actions, warnings).ensure(containers.database(pgHost));
            database = Optional.of("postgresql://" + env.getOrDefault("PGUSER", "postgres") + "@" + pgHost + ":"
                    + env.getOrDefault("PGPORT", "5432") + "/" + env.getOrDefault("PGDATABASE", "postgres"));
            databaseOnHost = engine.port(names.db(), "5432/tcp");
        }

        Verifier verifier = new Verifier(engine, names);
        Verification verification = new Verification(options, verifier, inv.console(), warnings);
        Optional<ContainerInfo> agent = Optional.ofNullable(now.get(names.agent()));
        FirewallOutcome fw = ensureFirewall(containers.firewall(), Optional.ofNullable(now.get(names.firewall())),
                agent, verifier, rules);
        FirewallView view = fw.view();
        FirewallState state = view.state().orElseThrow(() -> new SandboxException(
                "the firewall container recorded no state", null, "run 'sandbox logs --firewall'", null));
        AgentOutcome agentOutcome = ensureAgent(containers.agent(), fw.created(), agent, verifier, verification, view);

        if (agentOutcome.view().isEmpty()) {
            progress.step("verifying the firewall from inside " + names.agent());
        }
        List<String> sandboxGateways = gateways.isPresent() ? gateways.get() : engine.networkGateways(names.network());
        List<Verifier.ProbeResult> probes;
        try {
            probes = verification.prove(state, view, sandboxGateways, agentOutcome.created(), agentOutcome.view());
        } catch (SandboxException e) {
            if (!options.mode().equals("strict") && !state.mode().equals("strict")) {
                throw e;
            }
            // Fail closed: nothing that may have open egress stays running in the namespace,
            // the agent nor an editor's container.
            List<String> stopped = new java.util.ArrayList<>(engine.labeled(Devcontainer.LABEL, names.prefix()));
            stopped.add(names.agent());
            for (String c : stopped) {
                engine.stop(c);
            }
            throw new SandboxException(e.getMessage() + "; the agent container " + names.agent()
                    + (stopped.size() > 1 ? " and " + (stopped.size() - 1) + " editor container(s) were stopped" : " was stopped"),
                    e.where().orElse(null), e.hint().orElse(null), e);
        }

        new Devcontainer(project, options, image.imageReference()).write(progress);
        Map<String, String> produced = Map.of("imageReference", image.imageReference(), "imageId", imageId,
                "digest", image.digest(), "planHash", image.planHash(), "rulesHash", rules.rulesHash());
        // The runtime that was used, even when detected: with its daemon down, later commands
        // must say so, not act on another runtime's (empty) view of the sandbox.
        Map<String, String> recorded = new java.util.LinkedHashMap<>(UpRecord.settingsOf(options));
        recorded.put("runtime", engine.name());
        new UpRecord(recorded, produced).write(project);
        if (actions.isEmpty()) {
            actions.add("nothing changed: verified only");
        }
        progress.step(state.mode().equals("strict") ? "firewall enforced and verified" : "firewall " + state.mode());
        return new Summary(engine.name(), names.agent(), names.firewall(), image.imageReference(), imageId, image.digest(), image.planHash(),
                state.mode(), options.mode(), rules.v4Blocks(), rules.v6Blocks(), rules.rulesHash(), state.hash(),
                database, databaseOnHost, probes, actions, warnings, progress.elapsedMillis());
    }

    /**
     * The image's ID in the runtime. A skipped build has just checked that docker holds the
     * recorded ID under the name (TargetCheck), so asking again would only cost a call.
     */
    private String imageId(ImageBuild image) throws SandboxException {
        if (image.skipped() && !engine.isPodman() && image.imageId().startsWith("sha256:")) {
            return image.imageId();
        }
        return engine.inspectImage(image.imageReference()).map(Engine.ImageInfo::id)
                .orElseThrow(() -> new SandboxException("the image " + image.imageReference()
                        + " is not in the " + engine.name() + " daemon after the build", null,
                        "run 'sandbox build --to " + engine.imageTarget(options.imageName()) + "'", null));
    }

    /**
     * Dual-stack with a random unique-local /64 (the runtime picks the IPv4 subnet): sidecars
     * reach each other over IPv6 too, and Docker keeps the default route on this network when
     * the firewall container also joins another IPv6 network (it prefers IPv6 networks).
     */
    private List<String> networkOptions() {
        if (!options.ipv6()) {
            return List.of();
        }
        byte[] r = new byte[5];
        new java.security.SecureRandom().nextBytes(r);
        String subnet = String.format("fd%02x:%02x%02x:%02x%02x::/64", r[0] & 0xff, r[1] & 0xff, r[2] & 0xff, r[3] & 0xff,
                r[4] & 0xff);
        return List.of("--ipv6", "--subnet", subnet);
    }

    /** A runtime call or service step that may fail with a SandboxException. */
    private interface Step<T> {
        T get() throws SandboxException;
    }

    private static <T> CompletableFuture<T> async(ExecutorService pool, Step<T> step) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return step.get();
            } catch (SandboxException e) {
                throw new CompletionException(e);
            }
        }, pool);
    }

    private static <T> T await(CompletableFuture<T> future) throws SandboxException {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SandboxException se) {
                throw se;
            }
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    FirewallService.Request compileRequest() {
        return new FirewallService.Request(project, options.allowlists(), options.includeDefaults(), options.hosts(),
                options.feeds(), options.mode(), project.firewallDir());
    }

    private List<String> volumes() {
        Names n = options.names();
        List<String> v = new ArrayList<>(List.of(n.configVolume(), n.historyVolume()));
        if (options.workspace().isEmpty()) {
            v.add(0, n.workspaceVolume());
        }
        if (options.db()) {
            v.add(n.dataVolume());
        }
        return v;
    }

    /** Step 3: {@code config/extra-allowlist.txt} from its template, once, never overwritten. */
    private void seedExtraAllowlist() throws SandboxException {
        if (Files.exists(project.extraAllowlist()) || !Files.isRegularFile(project.extraAllowlistTemplate())) {
            return;
        }
        try {
            Files.copy(project.extraAllowlistTemplate(), project.extraAllowlist());
            progress.step("created " + project.display(project.extraAllowlist()) + " from its template");
        } catch (FileAlreadyExistsException e) {
            // Another process seeded it first: theirs stays.
        } catch (IOException e) {
            throw new SandboxException("cannot create " + project.display(project.extraAllowlist()) + ": " + e.getMessage(),
                    e);
        }
    }

    /** The firewall container as up left it: whether it was (re)created, and what it shows. */
    private record FirewallOutcome(boolean created, FirewallView view) { }

    /** The agent as up left it: new (just run), and its view when one was taken already. */
    private record AgentOutcome(boolean created, Optional<Verifier.AgentView> view) { }

    /** Step 7. A running, unchanged firewall container is only looked at (one exec). */
    private FirewallOutcome ensureFirewall(RunSpec spec, Optional<ContainerInfo> current, Optional<ContainerInfo> agent,
                                           Verifier verifier, FirewallBuild rules) throws SandboxException {
        if (current.isPresent() && current.get().running() && sameSpec(current.get(), spec)) {
            FirewallView view = verifier.firewallView(0);
            if (view.state().isEmpty()) {
                view = verifier.awaitView(options.firewallWait(), s -> true);
            }
            if (Refresh.matches(view.state().get(), rules)) {
                return new FirewallOutcome(false, view);
            }
            progress.step("allowlist changed: re-applying inside " + spec.name());
            FirewallState refreshed = new Refresh(engine, options.names(), verifier).reapply(options.firewallWait());
            if (Refresh.matches(refreshed, rules)) {
                actions.add("firewall refreshed");
                return new FirewallOutcome(false, view.withState(refreshed));
            }
            // Its mounted folder was replaced (not updated in place): only a new container sees the new one.
            progress.step("the firewall container still reads an old folder: recreating it");
        }
        // A stopped or changed firewall container is replaced: its old state file would lie.
        List<String> old = new ArrayList<>();
        agent.ifPresent(a -> old.add(a.name()));
        current.ifPresent(c -> old.add(c.name()));
        engine.removeAll(old);
        progress.step((current.isPresent() ? "recreating" : "starting") + " the firewall container " + spec.name());
        engine.run(spec);
        FirewallView view;
        try {
            for (String network : options.extraNetworks()) {
                // Not the default route, so its prefix is reachable only where the allowlist says.
                engine.connectNetwork(network, spec.name());
            }
            view = verifier.awaitView(options.firewallWait(), s -> true);
            progress.step("firewall applied: " + view.state().get().mode());
        } catch (SandboxException e) {
            // Never leave a restart loop behind (e.g. --require-firewall on a weak kernel).
            engine.remove(spec.name());
            throw e;
        }
        actions.add(current.isPresent() ? "firewall container recreated" : "firewall container created");
        return new FirewallOutcome(true, view);
    }

    /**
     * Step 8: started only once the firewall has recorded its state. A running, unchanged agent
     * is looked at once: its namespace and, in strict mode, the probes (verify uses them).
     */
    private AgentOutcome ensureAgent(RunSpec spec, boolean firewallNew, Optional<ContainerInfo> current, Verifier verifier,
                                     Verification verification, FirewallView firewall) throws SandboxException {
        boolean existed = current.isPresent();
        if (!firewallNew && current.isPresent() && sameSpec(current.get(), spec)) {
            if (!current.get().running()) {
                progress.step("starting " + spec.name());
                engine.start(spec.name());
                actions.add("agent container started");
                return new AgentOutcome(false, Optional.empty());
            }
            progress.step("verifying the firewall from inside " + spec.name());
            Verifier.AgentView view = verifier.agentView(verification.checks(firewall.state().get()));
            if (firewall.netns().isPresent() && firewall.netns().equals(view.netns())) {
                return new AgentOutcome(false, Optional.of(view));
            }
            // The firewall container restarted under it: rejoin its namespace.
            progress.step("rejoining " + spec.name() + " to the firewall's network namespace");
            engine.restart(spec.name());
            actions.add("agent container restarted");
            return new AgentOutcome(false, Optional.empty());
        }
        if (existed && !firewallNew) {
            engine.remove(spec.name());
        }
        progress.step((existed ? "recreating" : "starting") + " the agent container " + spec.name());
        engine.run(spec);
        actions.add(existed ? "agent container recreated" : "agent container created");
        return new AgentOutcome(true, Optional.empty());
    }

    static boolean sameSpec(ContainerInfo info, RunSpec spec) {
        return info.label(Containers.LABEL_SPEC).equals(Optional.ofNullable(spec.labels().get(Containers.LABEL_SPEC)));
    }

    private static String abbrev(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) : hash;
    }
}
