package sandbox.firewall.internal.compile;

import inet.ipaddr.IPAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import sandbox.api.SandboxException;
import sandbox.firewall.AllowlistEntry;
import sandbox.firewall.CompiledAllowlist;
import sandbox.firewall.Contribution;
import sandbox.firewall.Diagnostic;
import sandbox.firewall.Feed;
import sandbox.firewall.FeedContent;
import sandbox.firewall.Feeds;
import sandbox.firewall.Mode;
import sandbox.firewall.PackageIndexes;
import sandbox.firewall.Resolver;
import sandbox.firewall.Source;
import sandbox.firewall.internal.files.Excerpt;
import sandbox.firewall.internal.parse.Addresses;
import sandbox.firewall.internal.policy.Policy;
import sandbox.firewall.internal.resolve.HostResolution;

/**
 * Entries → contributions (literal blocks, resolved names, feed prefixes, each with its
 * provenance) → IPAddress merges them into minimal v4 and v6 prefix-block sets.
 */
public final class Compiler {

    private static final Diagnostic.Severity WARNING = Diagnostic.Severity.WARNING;

    private record Wanted(Source source, String entry, String via) { }

    private final Mode mode;
    private final Resolver resolver;
    private final Duration lookupTimeout;
    private final int parallelism;
    private final Feeds feeds;
    private final PackageIndexes indexes;
    private final Consumer<String> progress;

    public Compiler(Mode mode, Resolver resolver, Duration lookupTimeout, int parallelism, Feeds feeds,
                    PackageIndexes indexes, Consumer<String> progress) {
        this.mode = mode;
        this.resolver = resolver;
        this.lookupTimeout = lookupTimeout;
        this.parallelism = parallelism;
        this.feeds = feeds;
        this.indexes = indexes;
        this.progress = progress;
    }

    public CompiledAllowlist compile(List<AllowlistEntry> entries, Map<String, Integer> entriesPerFile,
                                     List<Diagnostic> diagnosticsSoFar) throws SandboxException {
        List<Diagnostic> diagnostics = new ArrayList<>(diagnosticsSoFar);
        List<Contribution> contributions = new ArrayList<>();
        Map<String, List<Wanted>> hosts = new LinkedHashMap<>();
        Map<Feed, List<AllowlistEntry.Directive>> feedDirectives = new EnumMap<>(Feed.class);
        for (AllowlistEntry e : entries) {
            if (e instanceof AllowlistEntry.Block b) {
                contributions.add(new Contribution(b.address(), origin(b.source()), b.source(), b.text(), "literal"));
            } else if (e instanceof AllowlistEntry.Host h) {
                hosts.computeIfAbsent(h.name(), k -> new ArrayList<>()).add(new Wanted(h.source(), h.text(), h.name()));
            } else if (e instanceof AllowlistEntry.Directive d) {
                switch (d.kind()) {
                    case GITHUB_META -> feedDirectives.computeIfAbsent(Feed.GITHUB_META, k -> new ArrayList<>()).add(d);
                    case AWS_IP_RANGES -> feedDirectives.computeIfAbsent(Feed.AWS_IP_RANGES, k -> new ArrayList<>()).add(d);
                    case NPM_REGISTRY -> index(d, indexes.npm(), "npm registry",
                            "set SANDBOX_NPM_REGISTRY, NPM_CONFIG_REGISTRY or registry= in ~/.npmrc", hosts, diagnostics);
                    case PIP_INDEX -> index(d, indexes.pip(), "Python package index",
                            "set SANDBOX_PIP_INDEX, PIP_INDEX_URL or index-url in pip.conf", hosts, diagnostics);
                    default -> throw new IllegalStateException(d.kind().toString());
                }
            }
        }
        resolveInto(hosts, contributions, diagnostics);
        for (Map.Entry<Feed, List<AllowlistEntry.Directive>> wanted : feedDirectives.entrySet()) {
            progress.accept("loading feed " + wanted.getKey().word());
            FeedContent content = feeds.load(wanted.getKey());
            failOnError(content, wanted.getValue().get(0));
            diagnostics.addAll(content.diagnostics());
            FeedSelection.select(content, wanted.getValue(), mode, contributions, diagnostics);
        }
        progress.accept("merging " + contributions.size() + " blocks");
        IPAddress.DualIPv4Pv6Arrays merged = IPAddress.mergeToDualPrefixBlocks(
                contributions.stream().map(Contribution::block).toArray(IPAddress[]::new));
        return new CompiledAllowlist(mode, List.of(merged.addressesIPv4), List.of(merged.addressesIPv6), contributions,
                diagnostics, Counts.of(entriesPerFile, contributions));
    }

    /** A feed source that cannot serve a feed the list asks for (a file missing under --feeds) fails the compile. */
    private static void failOnError(FeedContent content, AllowlistEntry.Directive first) throws SandboxException {
        for (Diagnostic d : content.diagnostics()) {
            if (d.severity() == Diagnostic.Severity.ERROR) {
                throw new SandboxException("@" + content.feed().word() + ": " + d.message(), first.source().toString(),
                        d.hint().orElse(null), null);
            }
        }
    }

    private void index(AllowlistEntry.Directive d, List<PackageIndexes.Location> locations, String what, String hint,
                       Map<String, List<Wanted>> hosts, List<Diagnostic> diagnostics) {
        if (locations.isEmpty()) {
            diagnostics.add(Diagnostic.at(WARNING, d.source(), d.text() + ": no " + what + " is configured on this machine;"
                    + " it contributes nothing", hint));
        }
        for (PackageIndexes.Location l : locations) {
            hosts.computeIfAbsent(l.host(), k -> new ArrayList<>())
                    .add(new Wanted(d.source(), d.text(), l.host() + " (from " + l.origin() + ")"));
        }
    }

    private void resolveInto(Map<String, List<Wanted>> hosts, List<Contribution> contributions, List<Diagnostic> diagnostics) {
        if (hosts.isEmpty()) {
            return;
        }
        progress.accept("resolving " + hosts.size() + " host names");
        HostResolution.Outcome outcome = HostResolution.resolve(hosts.keySet(), resolver, lookupTimeout, parallelism);
        hosts.forEach((host, wanted) -> {
            Source first = wanted.get(0).source();
            outcome.problem(host).ifPresent(p -> diagnostics.add(Diagnostic.at(WARNING, first,
                    Excerpt.quote(host) + " " + p + (outcome.of(host).isEmpty() ? "; it contributes nothing" : ""))));
            Set<IPAddress> admitted = new LinkedHashSet<>();
            for (IPAddress a : outcome.of(host)) {
                if (Policy.refuses(a, mode) && Policy.judge(a, mode) instanceof Policy.Verdict.Refused r) {
                    diagnostics.add(Diagnostic.at(WARNING, first, Excerpt.quote(host) + " resolves to " + r.reason() + "; skipped"));
                } else {
                    admitted.add(a);
                }
            }
            for (Wanted w : wanted) {
                for (IPAddress a : admitted) {
                    contributions.add(new Contribution(a, origin(w.source()), w.source(), w.entry(), w.via()));
                }
            }
        });
    }

    static String origin(Source s) {
        return s.file().toString();
    }

    static String cidr(IPAddress a) {
        return Addresses.cidr(a);
    }
}
