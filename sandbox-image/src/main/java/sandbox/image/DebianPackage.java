package sandbox.image;

/**
 * A locked Debian package: where it is in the archive (relative to the mirror root, no
 * host), which suite's signed index named it, and the size and sha256 it must have.
 */
public record DebianPackage(String name, String version, String architecture, String suite, String filename,
                            long size, String sha256) { }
