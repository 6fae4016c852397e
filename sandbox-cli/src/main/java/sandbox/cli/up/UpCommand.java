package sandbox.cli.up;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import sandbox.api.Arguments;
import sandbox.api.Command;
import sandbox.api.Invocation;
import sandbox.api.SandboxException;
import sandbox.api.Settings;

/** {@code sandbox up}: the sandbox running, firewalled and verified. */
public final class UpCommand implements Command {

    @Override
    public String name() {
        return "up";
    }

    @Override
    public String summary() {
        return "build, start and verify the firewalled sandbox (idempotent)";
    }

    @Override
    public String usage() {
        return """
                Usage: sandbox up [--db] [--mode strict|permissive] [--require-firewall] [--workspace PATH]
                                  [--base REF] [--no-sudo] [--runtime docker|podman]
                                  [--allowlist FILE]... [--no-defaults] [--hosts FILE] [--feeds DIR]
                                  [--probe-allowed HOST:PORT] [--probe-blocked HOST:PORT] [--network NAME]...
                                  [--last] [--json]

                Ensures the secret file, compiles the firewall into .sandbox/firewall/, builds the image
                (skipped when unchanged), then starts the firewall container (the only one with NET_ADMIN),
                waits until it has applied the rules, starts the agent container in its network namespace,
                and verifies from inside: the blocked probe must be refused, the allowed one should connect.
                Running again with nothing changed only verifies; a changed allowlist is re-applied live;
                a changed image or setting recreates the containers and keeps the volumes.

                  --db                 also run the Postgres sidecar (setting db.enabled; image db.image)
                  --mode M             strict (default) or permissive (setting firewall.mode, env FIREWALL_MODE)
                  --require-firewall   fail instead of running degraded when the rules cannot be applied
                  --workspace PATH     bind-mount PATH at /workspace instead of the workspace volume
                  --base REF           base image: tar://PATH, docker://NAME or a registry ref pinned by digest
                                       (another base than config/sandbox.lock's locks its packages again)
                  --no-sudo            no sudo for claude in the image
                  --allowlist, --no-defaults, --hosts, --feeds   as for 'sandbox firewall compile'
                  --probe-allowed / --probe-blocked HOST:PORT    verify targets ('none' switches one off)
                  --network NAME       also connect the firewall container to this network (repeatable;
                                       setting firewall.networks); its hosts still need the allowlist
                  --runtime R          docker or podman (setting runtime); default: the last up's, else
                                       Docker when its daemon answers, else Podman
                  --last               take every setting not given from the last 'up' (.sandbox/up.json)
                  --json               print the summary as JSON
                Every option is also a setting in config/sandbox.properties (see the comments there).
                """;
    }

    @Override
    public int run(Invocation inv) throws SandboxException {
        Set<String> flags = new HashSet<>(UpOptions.flagNames());
        flags.add("--json");
        flags.add("--last");
        Arguments args = Arguments.parse(inv.args(), flags, UpOptions.valueNames()).atMostPositionals(0);
        Settings settings = UpOptions.withFlags(inv.settings(), args);
        if (args.has("--last")) {
            settings = UpRecord.require(inv.project()).under(settings);
        } else if (settings.get("runtime").filter(r -> !r.isBlank()).isEmpty()) {
            // The sandbox lives in the runtime the last up used: with its daemon down, say so
            // rather than start a second sandbox in the other runtime.
            Optional<String> used = UpRecord.read(inv.project()).map(r -> r.settings().get("runtime"));
            if (used.isPresent() && used.get() != null) {
                settings = settings.with("runtime", used.get());
            }
        }
        Context ctx = Context.of(inv, settings);
        if (ctx.options().workspace().isPresent()) {
            // Before anything is created or replaced: a bad workspace must not cost the running sandbox.
            UpOptions.refuseUnsafeWorkspace(ctx.options().workspace().get(), inv.project());
        }
        Progress progress = new Progress(inv.console(), "up");
        Summary summary;
        try (ProjectLock lock = ProjectLock.acquire(inv.project().stateDir(), progress)) {
            summary = new Up(inv, settings, ctx.engine(), ctx.options(), progress).run();
        }
        if (args.has("--json")) {
            ObjectMapper json = new ObjectMapper();
            inv.console().out().println(summary.toJson(json).toPrettyString());
        } else {
            inv.console().out().print(summary.toText());
        }
        return 0;
    }
}
