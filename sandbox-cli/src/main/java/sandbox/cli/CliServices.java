package sandbox.cli;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import sandbox.api.ContainerRuntime;
import sandbox.api.SandboxException;
import sandbox.api.Services;
import sandbox.cli.runtime.Engine;
import sandbox.cli.runtime.ExecProcesses;

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
        if (type == ContainerRuntime.class || type == Engine.class) {
            return (Optional<T>) cache.computeIfAbsent(Engine.class, t -> runtime());
        }
        return (Optional<T>) cache.computeIfAbsent(type, t -> ServiceLoader.load(t).findFirst());
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
