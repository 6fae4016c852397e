package sandbox.secrets.internal.files;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Files only their owner can read, written so that no other process ever sees a partial or
 * readable file: a temp file created {@code 0600} in the same directory (then chmod-ed to
 * exactly {@code 0600}, since the umask can only narrow the create mode), written, fsync-ed,
 * then published. The final path is never followed when it is a symlink.
 *
 * <p>Publishing a new file uses {@code link(2)}, which fails when the name exists: unlike
 * {@code Files.move} without {@code REPLACE_EXISTING} (a check, then a rename), it cannot
 * clobber a file another process published a moment earlier.
 */
public final class PrivateFiles {

    public static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> OWNER_RWX = PosixFilePermissions.fromString("rwx------");
    /** Larger than any plausible env file: refuse to slurp a mistaken path. */
    public static final int MAX_BYTES = 64 * 1024;

    /** What is at a path, without following a symlink there. */
    public enum Kind { MISSING, REGULAR, SYMLINK, DIRECTORY, OTHER }

    private PrivateFiles() {
    }

    public static Kind kind(Path path) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW_LINKS);
            return a.isSymbolicLink() ? Kind.SYMLINK
                    : a.isRegularFile() ? Kind.REGULAR
                    : a.isDirectory() ? Kind.DIRECTORY : Kind.OTHER;
        } catch (NoSuchFileException e) {
            return Kind.MISSING;
        }
    }

    /** Whether the file system under {@code dir} has POSIX permissions at all. */
    public static boolean supportsPosix(Path dir) throws IOException {
        return Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
    }

    /** The file's permissions (not following a symlink), or empty without POSIX support. */
    public static Optional<Set<PosixFilePermission>> permissions(Path path) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class, NOFOLLOW_LINKS);
        return view == null ? Optional.empty() : Optional.of(view.readAttributes().permissions());
    }

    /** Sets exactly {@code 0600} without following a symlink. */
    public static void secure(Path path) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class, NOFOLLOW_LINKS);
        if (view != null) {
            view.setPermissions(OWNER_RW);
        }
    }

    /** True when group or others have any bit, or the owner has execute. */
    public static boolean tooOpen(Set<PosixFilePermission> perms) {
        return !OWNER_RW.containsAll(perms);
    }

    public static String octal(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 1 << (8 - p.ordinal());
        }
        return String.format("%04o", mode);
    }

    /** Creates {@code dir} (not its parents) with {@code 0700}; false when it already existed. */
    public static boolean createPrivateDirectory(Path dir, boolean posix) throws IOException {
        try {
            if (posix) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_RWX));
                Files.getFileAttributeView(dir, PosixFileAttributeView.class, NOFOLLOW_LINKS).setPermissions(OWNER_RWX);
            } else {
                Files.createDirectory(dir);
            }
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    /** Reads a regular file without following a symlink at its name; at most {@link #MAX_BYTES}. */
    public static byte[] read(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, noFollow(path, StandardOpenOption.READ))) {
            long size = ch.size();
            if (size > MAX_BYTES) {
                throw new FileSystemException(path.toString(), null, "larger than " + MAX_BYTES + " bytes");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) size);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // keep reading
            }
            return buf.flip().remaining() == size ? buf.array() : java.util.Arrays.copyOf(buf.array(), buf.limit());
        }
    }

    /**
     * Publishes {@code bytes} at {@code target} only if nothing is there.
     *
     * @return true when this call created the file; false when the name already existed
     */
    public static boolean createNew(Path target, byte[] bytes, boolean posix) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = writeTemp(dir, target.getFileName().toString(), bytes, posix);
        try {
            try {
                Files.createLink(target, tmp);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
                if (noHardLinks instanceof FileSystemException && Files.exists(target, NOFOLLOW_LINKS)) {
                    return false;
                }
                // No hard links here (vfat, some network file systems): a move that checks first.
                try {
                    Files.move(tmp, target);
                    return true;
                } catch (FileAlreadyExistsException e) {
                    return false;
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
            syncDirectory(dir);
        }
    }

    /**
     * Replaces the file at {@code target} atomically (rename over it). With {@code previous},
     * the current file is first hard-linked there (same inode, same {@code 0600}); that
     * fails if {@code previous} exists.
     */
    public static void replace(Path target, byte[] bytes, Optional<Path> previous, boolean posix) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = writeTemp(dir, target.getFileName().toString(), bytes, posix);
        publishOver(tmp, target, previous);
    }

    /** Writes a private, fsync-ed temp file next to {@code target}; the caller publishes or deletes it. */
    public static Path prepare(Path target, byte[] bytes, boolean posix) throws IOException {
        return writeTemp(target.toAbsolutePath().getParent(), target.getFileName().toString(), bytes, posix);
    }

    /** Renames a prepared temp file over {@code target}, keeping the old one as {@code previous}. */
    public static void publishOver(Path tmp, Path target, Optional<Path> previous) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        boolean linked = false;
        try {
            if (previous.isPresent()) {
                Files.createLink(previous.get(), target);
                linked = true;
            }
            moveAtomically(tmp, target);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            if (linked) {
                Files.deleteIfExists(previous.get());
            }
            throw e;
        }
        syncDirectory(dir);
    }

    /** Renames {@code source} over {@code target} in one step (used to restore {@code .env.previous}). */
    public static void moveAtomically(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(target.toAbsolutePath().getParent());
    }

    private static Path writeTemp(Path dir, String name, byte[] bytes, boolean posix) throws IOException {
        // CREATE_NEW (O_EXCL) never follows a symlink at the temp name.
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve(temporaryName(name));
            FileAttribute<?>[] attrs = posix
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_RW)}
                    : new FileAttribute<?>[0];
            FileChannel ch;
            try {
                ch = FileChannel.open(tmp, options, attrs);
            } catch (FileAlreadyExistsException e) {
                if (attempt < 10) {
                    continue;
                }
                throw e;
            }
            try (ch) {
                // The umask may have narrowed the create mode (never widened it); make it exactly 0600.
                secure(tmp);
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            return tmp;
        }
    }

    /**
     * The options plus {@code NOFOLLOW_LINKS} (O_NOFOLLOW) on the platform file system; other
     * providers (e.g. zip) reject that option and have no symlinks to follow.
     */
    public static Set<OpenOption> noFollow(Path path, OpenOption... options) {
        Set<OpenOption> set = new java.util.HashSet<>(List.of(options));
        if (path.getFileSystem() == FileSystems.getDefault()) {
            set.add(NOFOLLOW_LINKS);
        }
        return set;
    }

    /** {@code .env.<random>.tmp}: matched by the ignore pattern the git guard adds. */
    public static String temporaryName(String name) {
        byte[] random = new byte[6];
        ThreadLocalRandom.current().nextBytes(random);
        return name + "." + HexFormat.of().formatHex(random) + ".tmp";
    }

    /** Makes a rename or link durable: fsync the directory (a no-op where that is unsupported). */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Some file systems cannot open or fsync a directory; the data itself was fsync-ed.
        }
    }
}
