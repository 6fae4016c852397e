package sandbox.image;

import java.util.Comparator;
import java.util.List;

/** What one platform (e.g. {@code amd64}) installs on top of the base, sorted by name. */
public record PlatformLock(List<DebianPackage> debian, List<NpmPackage> npm) {

    public PlatformLock {
        debian = debian.stream().sorted(Comparator.comparing(DebianPackage::name)).toList();
        npm = npm.stream().sorted(Comparator.comparing(NpmPackage::name)).toList();
    }
}
