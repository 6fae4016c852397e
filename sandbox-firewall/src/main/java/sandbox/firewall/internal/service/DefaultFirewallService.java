package sandbox.firewall.internal.service;

import java.util.List;
import java.util.Map;
import sandbox.api.Console;
import sandbox.api.FirewallService;
import sandbox.api.Project;
import sandbox.api.SandboxException;
import sandbox.api.Settings;
import sandbox.firewall.Allowlist;
import sandbox.firewall.AllowlistSyntaxException;
import sandbox.firewall.CompiledAllowlist;
import sandbox.firewall.Diagnostic;
import sandbox.firewall.Mode;
import sandbox.firewall.Ruleset;

/**
 * The firewall as the CLI's {@code up} sees it: compile the configured lists into the folder
 * the image's apply script reads. Progress and warnings go to the {@link Console}; the
 * returned build repeats the warnings for summaries.
 */
public final class DefaultFirewallService implements FirewallService {

    private final Map<String, String> environment;

    public DefaultFirewallService() {
        this(System.getenv());
    }

    public DefaultFirewallService(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public FirewallBuild compile(Request request, Console console) throws SandboxException {
        Settings settings = settings(request.project(), environment);
        Mode mode = Mode.parse(request.mode());
        CompileOptions options = new CompileOptions(request.project(), settings, environment, request.allowlists(),
                request.includeDefaults(), request.hostsFile(), request.feedsDir(), mode, request.outDir());
        Allowlist parsed = FirewallPipeline.parse(options, true);
        List<AllowlistSyntaxException> errors = parsed.errors();
        if (!errors.isEmpty()) {
            errors.subList(1, errors.size()).forEach(e -> console.err().println("sandbox: " + e.oneLine()));
            throw errors.get(0);
        }
        CompiledAllowlist compiled = FirewallPipeline.compile(options, parsed, console::progress);
        compiled.warnings().forEach(w -> console.warn(w.located()));
        Ruleset ruleset = FirewallPipeline.render(compiled);
        FirewallPipeline.write(ruleset, request.outDir(), request.project());
        return new FirewallBuild(request.outDir(), mode.text(), compiled.v4().size(), compiled.v6().size(), ruleset.hash(),
                compiled.warnings().stream().map(Diagnostic::oneLine).toList());
    }

    @Override
    public String applyScript() {
        return Ruleset.applyScript();
    }

    /** The same layering the CLI does: environment over {@code config/sandbox.properties}. */
    static Settings settings(Project project, Map<String, String> environment) throws SandboxException {
        return Settings.load(project, environment);
    }
}
