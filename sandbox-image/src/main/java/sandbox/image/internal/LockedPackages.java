package sandbox.image.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import sandbox.api.SandboxException;
import sandbox.image.ImagePlan;
import sandbox.image.Lockfile;
import sandbox.image.internal.packages.LockedLayers;

/** The seam's real source: the lock's OS and npm layers, for the base the lock was made against. */
public final class LockedPackages {

    private LockedPackages() {
    }

    public static List<Path> layerTars(ImagePlan plan, String architecture, Path cacheDir, Consumer<String> progress)
            throws SandboxException {
        if (plan.lockFile().isEmpty()) {
            return List.of();
        }
        Path lockFile = plan.lockFile().get();
        Lockfile lock = Lockfile.read(lockFile);
        String baseId = BaseIdentity.of(plan.base());
        if (!lock.base().digest().equals(baseId)) {
            throw new SandboxException("the base " + plan.base().text() + " (" + baseId
                    + ") is not the one the lock was made against (" + lock.base().reference() + ", "
                    + lock.base().digest() + ")", lockFile.toString(),
                    plan.base().text().equals(lock.base().reference())
                            ? "the base changed since the lock was made; lock against it as it is now: 'sandbox lock --base "
                                    + plan.base().text() + "'"
                            : "build from the locked base (leave --base out), or run 'sandbox lock --base "
                                    + plan.base().text() + "'", null);
        }
        return LockedLayers.build(lockFile, architecture, cacheDir, progress);
    }
}
