package sandbox.firewall.internal.service;

import inet.ipaddr.IPAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import sandbox.api.Project;
import sandbox.api.SandboxException;
import sandbox.firewall.Allowlist;
import sandbox.firewall.CompiledAllowlist;
import sandbox.firewall.Feeds;
import sandbox.firewall.Mode;
import sandbox.firewall.PackageIndexes;
import sandbox.firewall.Resolver;
import sandbox.firewall.Ruleset;

/** The steps shared by {@code sandbox firewall compile} and the FirewallService: lists → compile → folder. */
public final class FirewallPipeline {

    public static final String MANIFEST = "manifest.json";
    public static final String PROVENANCE = "provenance.json";

    private FirewallPipeline() {
    }

    /**
     * The files to read: the always-on list and the user's extra list (seeded from its
     * template the first time), then any {@code --allowlist} files.
     */
    public static List<Path> files(Project project, List<Path> extra, boolean includeDefaults, boolean seed)
            throws SandboxException {
        List<Path> files = new ArrayList<>();
        if (includeDefaults) {
            if (!Files.isRegularFile(project.allowlist())) {
                throw new SandboxException("the always-on allowlist is missing", project.display(project.allowlist()),
                        "restore it from git, or pass --no-defaults with --allowlist FILE", null);
            }
            files.add(project.allowlist());
            if (seed) {
                Allowlist.seedExtra(project);
            }
            if (Files.isRegularFile(project.extraAllowlist())) {
                files.add(project.extraAllowlist());
            }
        }
        files.addAll(extra);
        if (files.isEmpty()) {
            throw new SandboxException("no allowlist to compile", null, "drop --no-defaults or pass --allowlist FILE", null);
        }
        return files;
    }

    public static Allowlist parse(CompileOptions o, boolean seed) throws SandboxException {
        return Allowlist.parse(files(o.project(), o.allowlists(), o.includeDefaults(), seed), o.project().root())
                .withMode(o.mode());
    }

    public static Resolver resolver(CompileOptions o) throws SandboxException {
        Optional<Path> hosts = o.hostsFile().or(() -> CompileOptions.setting(o.settings(), "firewall.hosts", o.project()));
        return hosts.isPresent() ? Resolver.hostsFile(hosts.get()) : Resolver.system();
    }

    public static Feeds feeds(CompileOptions o) {
        Optional<Path> dir = o.feedsDir().or(() -> CompileOptions.setting(o.settings(), "firewall.feeds", o.project()));
        if (dir.isPresent()) {
            return Feeds.fromDirectory(dir.get());
        }
        return Feeds.fetching(o.project().stateDir().resolve("feeds"))
                .withGithubToken(Optional.ofNullable(o.environment().get("GITHUB_TOKEN")));
    }

    /** Parses (seeding the extra list), resolves, loads feeds and compiles; throws the first error. */
    public static CompiledAllowlist compile(CompileOptions o, Allowlist parsed, Consumer<String> progress) throws SandboxException {
        return parsed.resolve(resolver(o)).withFeeds(feeds(o))
                .withPackageIndexes(PackageIndexes.fromMachine(o.environment(), o.settings(), o.project().root()))
                .withProgress(progress).compile();
    }

    /** The folder: rules rendered by {@link Ruleset}, plus the manifest and the provenance. */
    public static Ruleset render(CompiledAllowlist compiled) {
        return Ruleset.render(compiled.mode(), renderable(compiled.v4(), compiled.mode()), renderable(compiled.v6(), compiled.mode()))
                .withFile(MANIFEST, compiled.manifest())
                .withFile(PROVENANCE, compiled.provenance());
    }

    public static void write(Ruleset ruleset, Path outDir, Project project) throws SandboxException {
        try {
            ruleset.writeTo(outDir);
        } catch (IOException e) {
            throw new SandboxException("cannot write the firewall folder: " + e.getMessage(), project.display(outDir),
                    "check that the folder is writable", e);
        }
    }

    /** A /0 only passes the policy in permissive mode, where egress is open anyway; a hash:net set cannot hold it. */
    private static List<IPAddress> renderable(List<IPAddress> blocks, Mode mode) {
        return mode == Mode.PERMISSIVE
                ? blocks.stream().filter(b -> b.getNetworkPrefixLength() == null || b.getNetworkPrefixLength() > 0).toList()
                : blocks;
    }
}
