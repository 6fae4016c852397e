package sandbox.api;

import java.util.Locale;

/**
 * The name of the sandbox image when {@code image.name} is not set: {@code sandbox:latest} for
 * the default container prefix, {@code sandbox-PREFIX:latest} otherwise, so a second checkout
 * (or a test) never replaces another one's image. {@code up} and {@code build} both use it.
 */
public final class SandboxImage {

    /** The container prefix when {@code container.prefix} is not set. */
    public static final String DEFAULT_PREFIX = "claude";

    private SandboxImage() {
    }

    public static String forPrefix(String prefix) {
        return prefix.equals(DEFAULT_PREFIX) ? "sandbox:latest" : "sandbox-" + prefix.toLowerCase(Locale.ROOT) + ":latest";
    }

    /** {@code image.name}, else the name for {@code container.prefix}. */
    public static String name(Settings settings) {
        return settings.get("image.name").map(String::trim).filter(n -> !n.isBlank())
                .orElseGet(() -> forPrefix(settings.get("container.prefix").map(String::trim).filter(p -> !p.isBlank())
                        .orElse(DEFAULT_PREFIX)));
    }
}
