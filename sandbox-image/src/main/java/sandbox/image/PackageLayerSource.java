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
     * @param cacheDir where downloads and finished layers may be kept between builds
     * @param progress one line per step, for the build's events
     */
    List<Path> layerTars(ImagePlan plan, String architecture, Path cacheDir, Consumer<String> progress)
            throws SandboxException;

    /** No package layers: the base already has what the sandbox needs. */
    static PackageLayerSource none() {
        return (plan, architecture, cacheDir, progress) -> List.of();
    }
}
