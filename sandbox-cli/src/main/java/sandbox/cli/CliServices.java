package sandbox.cli;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import sandbox.api.ContainerRuntime;
import sandbox.api.FirewallRefresh;
import sandbox.api.SandboxException;
import sandbox.api.Services;
import sandbox.cli.runtime.Engine;
import sandbox.cli.runtime.ExecProcesses;
import sandbox.cli.up.LiveRefresh;

/** Services for commands: provider implementations from ServiceLoader, loaded on first use. */
final class CliServices implements Services {

    private final Map<String, String> environment;
    private final Map<Class<?>, Optional<?>> cache = new ConcurrentHashMap<>();

    CliServices(Map<String, String> environment) {
        this.environment = environment;
    }

    Map<String, String> environment() {
        return environment;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Optional<T> find(Class<T> type) {
        if (type == FirewallRefresh.class) {
            // Done by the CLI: the firewall module offers the command, the CLI owns the runtime.
            return Optional.of(type.cast(new LiveRefresh()));
        }
        if (type == ContainerRuntime.class || type == Engine.class) {
            return (Optional<T>) cache.computeIfAbsent(Engine.class, t -> runtime());
        }
        return (Optional<T>) cache.computeIfAbsent(type, CliServices::load);
    }

    private static Optional<?> load(Class<?> type) {
        try {
            return ServiceLoader.load(type).findFirst();
        } catch (ServiceConfigurationError e) {
            // A service the CLI does not declare 'uses' for is one it does not offer.
            return Optional.empty();
        }
    }

    /** The CLI's own container-runtime adapter (docker or podman, SANDBOX_RUNTIME to choose). */
    private Optional<Engine> runtime() {
        try {
            return Optional.of(Engine.detect(Optional.ofNullable(environment.get("SANDBOX_RUNTIME")),
                    new ExecProcesses(environment)));
        } catch (SandboxException e) {
            return Optional.empty();
        }
    }
}
