package sandbox.image;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import sandbox.api.SandboxException;
import sandbox.image.internal.JibBuild;

/**
 * The one door to a build: a target, then options, then {@link #build}. Immutable; each
 * option returns a copy.
 *
 * <pre>{@code
 * BuiltImage image = ImageBuilder.to(ImageTarget.parse("registry:127.0.0.1:5000/sandbox:1"))
 *         .allowInsecureRegistries(true)
 *         .build(plan, event -> log.info("{}", event));
 * }</pre>
 */
public final class ImageBuilder {

    private final ImageTarget target;
    private final Path cacheDir;
    private final boolean insecure;
    private final PackageLayerSource packages;

    private ImageBuilder(ImageTarget target, Path cacheDir, boolean insecure, PackageLayerSource packages) {
        this.target = target;
        this.cacheDir = cacheDir;
        this.insecure = insecure;
        this.packages = packages;
    }

    public static ImageBuilder to(ImageTarget target) {
        return new ImageBuilder(target, defaultCacheDir(System.getenv()), false, PackageLayerSource.none());
    }

    /** Jib's layer caches, staged files, base tars and composed bases live here. */
    public ImageBuilder cacheDir(Path dir) {
        return new ImageBuilder(target, dir.toAbsolutePath(), insecure, packages);
    }

    /** Plain HTTP / self-signed registries (a local registry on 127.0.0.1). */
    public ImageBuilder allowInsecureRegistries(boolean allow) {
        return new ImageBuilder(target, cacheDir, allow, packages);
    }

    /** Where the package layers come from; {@link PackageLayerSource#none()} unless set. */
    public ImageBuilder packageLayers(PackageLayerSource source) {
        return new ImageBuilder(target, cacheDir, insecure, source);
    }

    public ImageTarget target() {
        return target;
    }

    public Path cacheDir() {
        return cacheDir;
    }

    /** Builds {@code plan} into the target. Throws for anything the user can fix (missing base, registry auth). */
    public BuiltImage build(ImagePlan plan, Consumer<ImageEvent> events) throws SandboxException {
        return new JibBuild(target, cacheDir, insecure, packages, events).run(plan);
    }

    /** {@code $SANDBOX_CACHE_DIR}, else {@code $XDG_CACHE_HOME/sandbox}, else {@code ~/.cache/sandbox}. */
    public static Path defaultCacheDir(Map<String, String> env) {
        String explicit = env.get("SANDBOX_CACHE_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("sandbox");
    }
}
