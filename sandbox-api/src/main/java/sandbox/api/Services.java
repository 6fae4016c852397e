package sandbox.api;

import java.util.Optional;

/**
 * The other services on the module path, as seen by a command: the CLI fills it from
 * {@link java.util.ServiceLoader} plus its own container-runtime adapter. A seam, so tests
 * hand a command fakes.
 */
@FunctionalInterface
public interface Services {

    <T> Optional<T> find(Class<T> type);

    default <T> T require(Class<T> type) throws SandboxException {
        return find(type).orElseThrow(() -> new SandboxException(
                "no " + type.getSimpleName() + " on the module path", null,
                "run the packaged layout (./sandbox) which includes every provider module", null));
    }

    static Services none() {
        return new Services() {
            @Override
            public <T> Optional<T> find(Class<T> type) {
                return Optional.empty();
            }
        };
    }
}
