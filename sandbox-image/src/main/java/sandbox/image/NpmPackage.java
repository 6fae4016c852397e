package sandbox.image;

/**
 * A locked npm package: its tarball relative to the registry root (no host) and the
 * registry's {@code dist.integrity} (Subresource Integrity, {@code sha512-…}).
 */
public record NpmPackage(String name, String version, String tarball, String integrity) { }
