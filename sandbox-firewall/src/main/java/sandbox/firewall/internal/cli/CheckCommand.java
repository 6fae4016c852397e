package sandbox.firewall.internal.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sandbox.api.Arguments;
import sandbox.api.CommandGroup;
import sandbox.api.Invocation;
import sandbox.api.SandboxException;
import sandbox.firewall.Allowlist;
import sandbox.firewall.Diagnostic;
import sandbox.firewall.Mode;
import sandbox.firewall.internal.service.CompileOptions;
import sandbox.firewall.internal.service.FirewallPipeline;

/** {@code sandbox firewall check [FILE…]}: parse and policy, no network, nothing written. */
final class CheckCommand implements CommandGroup.Subcommand {

    private final Map<String, String> environment;

    CheckCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String name() {
        return "check";
    }

    @Override
    public String summary() {
        return "parse allowlists and apply the policy (no network); exit 1 on any error";
    }

    @Override
    public String usage() {
        return """
                Usage: sandbox firewall check [--mode strict|permissive] [FILE...]

                Parses the allowlists and applies the policy without resolving names or fetching
                feeds. Without FILEs: config/allowlist.txt and config/extra-allowlist.txt.
                Prints every error, warning and note with file:line:column; exits 1 on any error.
                """;
    }

    @Override
    public int run(Invocation inv) throws SandboxException {
        Arguments a = Arguments.parse(inv.args(), Set.of(), Set.of("--mode"));
        Mode mode = CompileOptions.mode(a.value("--mode"), inv.settings());
        List<Path> files = a.positionals().isEmpty()
                ? FirewallPipeline.files(inv.project(), List.of(), true, false)
                : a.positionals().stream().map(Path::of).toList();
        Allowlist allowlist = Allowlist.parse(files, inv.project().root()).withMode(mode);
        List<Diagnostic> diagnostics = allowlist.diagnostics();
        diagnostics.forEach(d -> inv.console().out().println(d.oneLine()));
        long errors = diagnostics.stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).count();
        long warnings = diagnostics.stream().filter(d -> d.severity() == Diagnostic.Severity.WARNING).count();
        inv.console().out().println(String.join(", ", allowlist.entriesPerFile().keySet()) + ": "
                + allowlist.entries().size() + " entries, " + plural(errors, "error") + ", " + plural(warnings, "warning")
                + " (" + mode.text() + ")");
        return errors == 0 ? 0 : 1;
    }

    static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
