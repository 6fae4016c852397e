package sandbox.image;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import sandbox.api.SandboxException;

/**
 * The seam for the locked OS and npm packages: finished, reproducible, uncompressed layer
 * tars, ordered least- to most-often changing (OS packages, then npm packages). They go
 * between the base and the sandbox layer. Raw tars rather than Jib file layers, because a
 * Jib file layer follows symbolic links and cannot hold them.
 */
@FunctionalInterface
public interface PackageLayerSource {

    /**
     * @param architecture {@code amd64} or {@code arm64}
     * @param cacheDir the user's sandbox cache root (shared with {@code sandbox lock}): downloads, finished layers
     * @param progress one line per step, for the build's events
     */
    List<Path> layerTars(ImagePlan plan, String architecture, Path cacheDir, Consumer<String> progress)
            throws SandboxException;

    /**
     * The layers {@code config/sandbox.lock} pins (the plan's lock file), built by the lock's
     * own builder; none when the plan has no lock. Refuses a base other than the one the lock
     * was made against, since the OS layer extends that base's dpkg status.
     */
    static PackageLayerSource locked() {
        return sandbox.image.internal.LockedPackages::layerTars;
    }

    /** No package layers: the base already has what the sandbox needs. */
    static PackageLayerSource none() {
        return (plan, architecture, cacheDir, progress) -> List.of();
    }
}
