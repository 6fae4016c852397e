package sandbox.image;

import java.util.List;

/**
 * The base image a lock was made against: how it was named, its image id, its
 * distribution, the sha256 of its {@code /var/lib/dpkg/status} (kept in the cache: the
 * OS layer writes the merged status file), and the packages it already has.
 */
public record LockedBase(String reference, String digest, String distribution, String release,
                        String dpkgStatus, List<Installed> packages) {

    public LockedBase {
        packages = List.copyOf(packages);
    }

    /** A package the base has installed. */
    public record Installed(String name, String version) { }
}
