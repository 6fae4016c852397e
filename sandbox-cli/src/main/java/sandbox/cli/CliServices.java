package sandbox.cli;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import sandbox.api.Services;

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
        return (Optional<T>) cache.computeIfAbsent(type, t -> ServiceLoader.load(t).findFirst());
    }
}
