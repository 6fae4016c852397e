package sandbox.cli.up;

import java.util.List;
import java.util.Optional;
import sandbox.api.Invocation;
import sandbox.api.SandboxException;
import sandbox.api.Settings;
import sandbox.api.UsageException;
import sandbox.cli.runtime.Engine;
import sandbox.cli.runtime.ExecProcesses;

/**
 * What every sandbox command starts from: the settings to act on (this invocation's over
 * the last {@code up}'s), the names of the running objects, and the container runtime.
 */
record Context(Invocation inv, Settings settings, UpOptions options, Engine engine) {

    static Context of(Invocation inv, Settings settings) throws SandboxException {
        UpOptions options = UpOptions.resolve(settings, inv.project());
        return new Context(inv, settings, options, engine(inv, options.runtime()));
    }

    /** For commands other than up: fill unset settings from {@code .sandbox/up.json}. */
    static Context ofRunning(Invocation inv, Settings settings) throws SandboxException {
        Context ctx = of(inv, UpRecord.effective(settings, inv.project()));
        Containers.requireOwnedBy(inv.project(),
                ctx.engine().inspectAll(List.of(ctx.names().firewall(), ctx.names().agent())).values());
        return ctx;
    }

    /** An explicit runtime setting wins; otherwise the one the CLI's services offer (a fake in tests). */
    static Engine engine(Invocation inv, Optional<String> runtime) throws SandboxException {
        Optional<Engine> offered = inv.services().find(Engine.class);
        if (offered.isPresent() && (runtime.isEmpty() || runtime.get().equals(offered.get().name()))) {
            return offered.get();
        }
        return Engine.detect(runtime, new ExecProcesses(System.getenv()));
    }

    Names names() {
        return options.names();
    }

    static UsageException noArguments(String command) {
        return new UsageException("'" + command + "' takes no arguments", "see 'sandbox " + command + " --help'");
    }
}
