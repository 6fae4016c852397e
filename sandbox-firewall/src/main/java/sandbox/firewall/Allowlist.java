package sandbox.firewall;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import sandbox.api.Project;
import sandbox.api.SandboxException;
import sandbox.firewall.internal.compile.Compiler;
import sandbox.firewall.internal.compile.ExtraAllowlist;
import sandbox.firewall.internal.compile.PolicyCheck;
import sandbox.firewall.internal.files.InputFile;
import sandbox.firewall.internal.parse.LineParser;

/**
 * The entry point: allowlist files parsed into entries that remember {@code file:line:column},
 * then resolved, joined with the feeds and compiled into minimal prefix sets.
 *
 * <pre>{@code
 * CompiledAllowlist compiled = Allowlist.parse(paths)
 *         .resolve(Resolver.hostsFile(hosts))
 *         .withFeeds(Feeds.fromDirectory(feeds))
 *         .compile();
 * }</pre>
 *
 * Immutable: each {@code with…} returns a copy. Parsing collects every error instead of
 * stopping at the first, so {@code sandbox firewall check} can list them all.
 */
public final class Allowlist {

    /** The settings of one compile; a value so the copies stay cheap. */
    record Plan(Mode mode, Resolver resolver, Duration lookupTimeout, int parallelism, Feeds feeds,
                PackageIndexes indexes, Consumer<String> progress) { }

    private final List<AllowlistEntry> entries;
    private final List<AllowlistSyntaxException> syntaxErrors;
    private final List<Diagnostic> parseDiagnostics;
    private final Map<String, Integer> entriesPerFile;
    private final Plan plan;
    /** The policy's verdicts for this mode, computed once: lists can hold tens of thousands of entries. */
    private volatile PolicyCheck.Result policy;

    private Allowlist(List<AllowlistEntry> entries, List<AllowlistSyntaxException> syntaxErrors,
                      List<Diagnostic> parseDiagnostics, Map<String, Integer> entriesPerFile, Plan plan) {
        this.entries = List.copyOf(entries);
        this.syntaxErrors = List.copyOf(syntaxErrors);
        this.parseDiagnostics = List.copyOf(parseDiagnostics);
        this.entriesPerFile = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entriesPerFile));
        this.plan = plan;
    }

    /** Parses {@code files} in order; messages name each file as given. */
    public static Allowlist parse(List<Path> files) throws SandboxException {
        return parse(files, Path.of(""));
    }

    public static Allowlist parse(Path... files) throws SandboxException {
        return parse(Arrays.asList(files));
    }

    /** Parses {@code files}; messages name each file relative to {@code base} when inside it. */
    public static Allowlist parse(List<Path> files, Path base) throws SandboxException {
        Path root = base.toAbsolutePath().normalize();
        List<LineParser.Result> results = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Path file : files) {
            Path abs = file.toAbsolutePath().normalize();
            Path display = abs.startsWith(root) && !abs.equals(root) ? root.relativize(abs) : file;
            LineParser.Result r = LineParser.parse(display, read(file, display));
            results.add(r);
            counts.merge(display.toString(), r.entries().size(), Integer::sum);
        }
        return of(results, counts);
    }

    /** Parses text as if it were the file {@code name} (tests, embedding tools). */
    public static Allowlist parseText(String name, String text) {
        LineParser.Result r = LineParser.parse(Path.of(name), text);
        return of(List.of(r), Map.of(name, r.entries().size()));
    }

    private static Allowlist of(List<LineParser.Result> results, Map<String, Integer> counts) {
        List<AllowlistEntry> entries = new ArrayList<>();
        List<AllowlistSyntaxException> errors = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (LineParser.Result r : results) {
            entries.addAll(r.entries());
            errors.addAll(r.errors());
            diagnostics.addAll(r.diagnostics());
        }
        Plan plan = new Plan(Mode.STRICT, Resolver.system(), Duration.ofSeconds(5), 16, Feeds.none(),
                PackageIndexes.none(), message -> { });
        return new Allowlist(entries, errors, diagnostics, counts, plan);
    }

    /**
     * Creates {@code config/extra-allowlist.txt} from its template the first time it is
     * missing; never overwrites. Returns true when it created the file.
     */
    public static boolean seedExtra(Project project) throws SandboxException {
        return ExtraAllowlist.seed(project);
    }

    public Allowlist withMode(Mode mode) {
        return with(new Plan(mode, plan.resolver(), plan.lookupTimeout(), plan.parallelism(), plan.feeds(), plan.indexes(), plan.progress()));
    }

    public Allowlist resolve(Resolver resolver) {
        return with(new Plan(plan.mode(), resolver, plan.lookupTimeout(), plan.parallelism(), plan.feeds(), plan.indexes(), plan.progress()));
    }

    /** Resolution limits: each lookup's timeout and how many run at once. */
    public Allowlist resolve(Resolver resolver, Duration lookupTimeout, int parallelism) {
        return with(new Plan(plan.mode(), resolver, lookupTimeout, Math.max(1, parallelism), plan.feeds(), plan.indexes(),
                plan.progress()));
    }

    public Allowlist withFeeds(Feeds feeds) {
        return with(new Plan(plan.mode(), plan.resolver(), plan.lookupTimeout(), plan.parallelism(), feeds, plan.indexes(), plan.progress()));
    }

    /** Where {@code @npm-registry} and {@code @pip-index} point (see {@link PackageIndexes#fromMachine}). */
    public Allowlist withPackageIndexes(PackageIndexes indexes) {
        return with(new Plan(plan.mode(), plan.resolver(), plan.lookupTimeout(), plan.parallelism(), plan.feeds(), indexes, plan.progress()));
    }

    /** Progress events (a step starting); the library never prints. */
    public Allowlist withProgress(Consumer<String> progress) {
        return with(new Plan(plan.mode(), plan.resolver(), plan.lookupTimeout(), plan.parallelism(), plan.feeds(), plan.indexes(), progress));
    }

    private Allowlist with(Plan newPlan) {
        Allowlist copy = new Allowlist(entries, syntaxErrors, parseDiagnostics, entriesPerFile, newPlan);
        if (newPlan.mode() == plan.mode()) {
            copy.policy = policy;
        }
        return copy;
    }

    public Mode mode() {
        return plan.mode();
    }

    public List<AllowlistEntry> entries() {
        return entries;
    }

    /** Syntax errors, then policy refusals for the current mode, in file order. */
    public List<AllowlistSyntaxException> errors() {
        List<AllowlistSyntaxException> all = new ArrayList<>(syntaxErrors);
        all.addAll(policy().errors());
        return all;
    }

    /** Every error, warning and note the parse and the policy produce (no network), in file and line order. */
    public List<Diagnostic> diagnostics() {
        List<Diagnostic> all = new ArrayList<>();
        errors().forEach(e -> all.add(e.toDiagnostic()));
        all.addAll(parseDiagnostics);
        all.addAll(policy().diagnostics());
        List<String> fileOrder = new ArrayList<>(entriesPerFile.keySet());
        all.sort(java.util.Comparator.comparingInt((Diagnostic d) -> fileOrder.indexOf(d.source()))
                .thenComparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column));
        return all;
    }

    private PolicyCheck.Result policy() {
        PolicyCheck.Result p = policy;
        if (p == null) {
            p = PolicyCheck.check(entries, plan.mode());
            policy = p;
        }
        return p;
    }

    /** How many entries each file holds, by the file's display name. */
    public Map<String, Integer> entriesPerFile() {
        return entriesPerFile;
    }

    /**
     * Resolves host names, loads the feeds the directives need, and merges everything into
     * minimal prefix-block sets. Refuses to compile a list with errors (fail closed).
     *
     * @throws AllowlistSyntaxException the first error; {@link #errors()} has them all
     * @throws SandboxException a feed the list needs cannot be read from the folder it was named in
     */
    public CompiledAllowlist compile() throws SandboxException {
        List<AllowlistSyntaxException> errors = errors();
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
        List<Diagnostic> diagnostics = new ArrayList<>(parseDiagnostics);
        diagnostics.addAll(policy().diagnostics());
        return new Compiler(plan.mode(), plan.resolver(), plan.lookupTimeout(), plan.parallelism(), plan.feeds(),
                plan.indexes(), plan.progress()).compile(entries, entriesPerFile, diagnostics);
    }

    private static String read(Path file, Path display) throws SandboxException {
        return InputFile.readText(file, display.toString(), InputFile.Limits.ALLOWLIST);
    }

    @Override
    public String toString() {
        return "Allowlist[" + entries.size() + " entries, " + syntaxErrors.size() + " syntax errors, " + plan.mode().text() + "]";
    }
}
