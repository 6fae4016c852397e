package sandbox.image.internal.deb;

import java.nio.file.Path;
import java.util.Set;

/**
 * Bookworm images are merged-{@code /usr}: {@code /bin}, {@code /sbin}, {@code /lib*} are
 * symlinks into {@code /usr}. Packages still ship files under the old names; dpkg follows
 * the symlinks when it unpacks. A layer cannot follow anything, and an entry {@code bin/x}
 * would make the overlay replace the base's {@code /bin} link with a directory, so every
 * path moves to its {@code /usr} spelling first.
 */
public final class MergedUsr {

    private static final Set<String> ALIASED = Set.of("bin", "sbin", "lib", "lib32", "lib64", "libx32");

    private MergedUsr() { }

    /**
     * The canonical archive path, no leading {@code /} or {@code ./}: {@code ./sbin/ip} →
     * {@code usr/sbin/ip}; {@code ./lib} → {@code usr/lib}; {@code ./} → the empty string.
     */
    public static String canonical(String archivePath) {
        String p = archivePath;
        while (p.startsWith("./") || p.startsWith("/")) {
            p = p.startsWith("./") ? p.substring(2) : p.substring(1);
        }
        if (p.equals(".")) {
            return "";
        }
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        int slash = p.indexOf('/');
        String first = slash < 0 ? p : p.substring(0, slash);
        return ALIASED.contains(first) ? "usr/" + p : p;
    }

    /** True for the top-level names that are symlinks in the base ({@code bin}, {@code lib} …). */
    public static boolean isAliasRoot(String archivePath) {
        return ALIASED.contains(canonicalNoUsr(archivePath));
    }

    private static String canonicalNoUsr(String archivePath) {
        String p = archivePath;
        while (p.startsWith("./") || p.startsWith("/")) {
            p = p.startsWith("./") ? p.substring(2) : p.substring(1);
        }
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    /**
     * The target a symlink must have once the link itself moved from {@code originalPath} to
     * its canonical path. An absolute target is canonicalized; a relative one is resolved
     * against the link's original directory, canonicalized, and made relative to the new
     * directory, so it names the same file as before ({@code sbin/x -> ../lib/y} becomes
     * {@code usr/sbin/x -> ../lib/y}; {@code bin/z -> ../usr/bin/w} becomes {@code usr/bin/z -> w}).
     */
    public static String linkTarget(String originalPath, String target) {
        if (target.startsWith("/")) {
            String c = canonical(target);
            return "/" + c;
        }
        Path originalDir = parentOf(canonicalNoUsr(originalPath));
        Path absolute = originalDir.resolve(target).normalize();
        if (absolute.startsWith("..")) {
            return target;   // points above the root: leave it as the package shipped it
        }
        String resolved = canonical(absolute.toString());
        if (resolved.equals(absolute.toString()) && canonical(originalPath).equals(canonicalNoUsr(originalPath))) {
            return target;   // neither the link nor its target moved: keep the bytes the package shipped
        }
        Path newDir = parentOf(canonical(originalPath));
        String rel = newDir.relativize(Path.of(resolved.isEmpty() ? "" : resolved)).toString();
        return rel.isEmpty() ? "." : rel;
    }

    private static Path parentOf(String path) {
        Path p = Path.of(path).getParent();
        return p == null ? Path.of("") : p;
    }
}
