package sandbox.firewall.internal.cli;

import java.util.List;
import java.util.Map;
import sandbox.api.CommandGroup;

/** {@code sandbox firewall check|compile|explain|refresh}. */
public final class FirewallCommand extends CommandGroup {

    private final Map<String, String> environment;

    public FirewallCommand() {
        this(System.getenv());
    }

    /** With an explicit environment (NPM_CONFIG_*, PIP_*, HOME, GITHUB_TOKEN): a seam for tests. */
    public FirewallCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public String name() {
        return "firewall";
    }

    @Override
    public String summary() {
        return "check and compile the egress allowlist into rulesets";
    }

    @Override
    protected List<Subcommand> subcommands() {
        return List.of(new CheckCommand(environment), new CompileCommand(environment), new ExplainCommand(environment),
                new RefreshCommand());
    }
}
