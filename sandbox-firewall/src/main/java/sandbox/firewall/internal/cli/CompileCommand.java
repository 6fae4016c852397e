package sandbox.firewall.internal.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sandbox.api.Arguments;
import sandbox.api.CommandGroup;
import sandbox.api.Invocation;
import sandbox.api.SandboxException;
import sandbox.firewall.Allowlist;
import sandbox.firewall.AllowlistSyntaxException;
import sandbox.firewall.CompiledAllowlist;
import sandbox.firewall.Mode;
import sandbox.firewall.Ruleset;
import sandbox.firewall.internal.compile.Manifest;
import sandbox.firewall.internal.service.CompileOptions;
import sandbox.firewall.internal.service.FirewallPipeline;

/** {@code sandbox firewall compile}: lists → resolved, merged, rendered folder. */
final class CompileCommand implements CommandGroup.Subcommand {

    private final Map<String, String> environment;

    CompileCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String name() {
        return "compile";
    }

    @Override
    public String summary() {
        return "resolve, merge and render the allowlists into the firewall folder";
    }

    @Override
    public String usage() {
        return """
                Usage: sandbox firewall compile [--allowlist FILE]... [--no-defaults] [--hosts FILE]
                                                [--feeds DIR] [--mode strict|permissive] [--out DIR] [--json]

                Reads config/allowlist.txt and config/extra-allowlist.txt (seeded from its template
                the first time) plus each --allowlist FILE, resolves host names (A and AAAA), loads
                the GitHub/AWS feeds the directives name, merges everything into minimal prefix
                blocks and writes the folder the apply script reads (default .sandbox/firewall/).

                  --no-defaults   read only the --allowlist files
                  --hosts FILE    resolve names from a hosts(5) file (setting firewall.hosts)
                  --feeds DIR     read github-meta.json and aws-ip-ranges.json from DIR instead of
                                  fetching them (setting firewall.feeds)
                  --mode MODE     strict (default) or permissive (setting firewall.mode, FIREWALL_MODE)
                  --out DIR       where to write the folder
                  --json          print manifest.json
                """;
    }

    @Override
    public int run(Invocation inv) throws SandboxException {
        Arguments a = Arguments.parse(inv.args(), Set.of("--no-defaults", "--json"),
                Set.of("--allowlist", "--hosts", "--feeds", "--mode", "--out")).atMostPositionals(0);
        Mode mode = CompileOptions.mode(a.value("--mode"), inv.settings());
        Path out = a.value("--out").map(Path::of).orElse(inv.project().firewallDir());
        CompileOptions options = new CompileOptions(inv.project(), inv.settings(), environment,
                a.values("--allowlist").stream().map(Path::of).toList(), !a.has("--no-defaults"),
                a.value("--hosts").map(Path::of), a.value("--feeds").map(Path::of), mode, out);
        Allowlist parsed = FirewallPipeline.parse(options, true);
        List<AllowlistSyntaxException> errors = parsed.errors();
        if (!errors.isEmpty()) {
            if (a.has("--json")) {
                inv.console().out().print(new String(Manifest.failed(mode, parsed.diagnostics()), StandardCharsets.UTF_8));
            }
            errors.forEach(e -> inv.console().err().println("sandbox: " + e.oneLine()));
            inv.console().err().println("sandbox: " + CheckCommand.plural(errors.size(), "error") + "; nothing compiled"
                    + " (the previous firewall folder is unchanged)");
            return 1;
        }
        CompiledAllowlist compiled = FirewallPipeline.compile(options, parsed, inv.console()::progress);
        compiled.warnings().forEach(w -> inv.console().warn(w.located()));
        Ruleset ruleset = FirewallPipeline.render(compiled);
        FirewallPipeline.write(ruleset, out, inv.project());
        String summary = "compiled " + compiled.v4().size() + " IPv4 and " + compiled.v6().size() + " IPv6 blocks ("
                + mode.text() + ") into " + inv.project().display(out) + ", rules " + ruleset.hash().substring(0, 12);
        if (a.has("--json")) {
            inv.console().out().print(new String(compiled.manifest(), StandardCharsets.UTF_8));
            inv.console().progress(summary);
        } else {
            inv.console().out().println(summary);
        }
        return 0;
    }
}
