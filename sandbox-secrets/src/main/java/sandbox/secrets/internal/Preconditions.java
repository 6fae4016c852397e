package sandbox.secrets.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import sandbox.secrets.SecretFileException;
import sandbox.secrets.internal.files.PrivateFiles;
import sandbox.secrets.internal.files.PrivateFiles.Kind;

/** What must hold before the secret file is touched: its directory, and what is at its name. */
final class Preconditions {

    static final String NO_POSIX = "this file system has no POSIX permissions: the secret file cannot be made"
            + " 0600 and its privacy depends on the mount (keep the project on a Linux file system)";

    private Preconditions() {
    }

    /**
     * Creates the file's directory {@code 0700} when it is missing (its parent must exist).
     *
     * @return whether the directory's file system has POSIX permissions
     */
    static boolean directory(Target t, List<String> notes) throws IOException, SecretFileException {
        var dir = t.directory();
        if (!Files.isDirectory(dir)) {
            var parent = dir.getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new SecretFileException("the directory " + parent + " does not exist", t.display(),
                        "run from the project root, or choose another place with --file");
            }
            if (PrivateFiles.createPrivateDirectory(dir, PrivateFiles.supportsPosix(parent))) {
                notes.add("created directory " + dir + " (mode 0700)");
            } else if (!Files.isDirectory(dir)) {
                // Judged only after the create: another process may have made the directory meanwhile.
                throw new SecretFileException("the secret file's directory " + dir + " is not a directory",
                        t.display(), "remove it or choose another place with --file");
            }
        }
        return PrivateFiles.supportsPosix(dir);
    }

    /**
     * What makes a private file less private than its mode says: a directory others may
     * write (they can swap the file), or other hard links to it (other names for the content).
     */
    static List<String> exposures(Target t) throws IOException {
        List<String> out = new java.util.ArrayList<>();
        var dirPerms = PrivateFiles.permissions(t.directory());
        if (dirPerms.isPresent() && (dirPerms.get().contains(java.nio.file.attribute.PosixFilePermission.GROUP_WRITE)
                || dirPerms.get().contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE))) {
            out.add("its directory is writable by others (mode " + PrivateFiles.octal(dirPerms.get())
                    + "), who could replace the file: chmod go-w " + t.directory());
        }
        if (PrivateFiles.kind(t.path()) == Kind.REGULAR && Files.getFileStore(t.path()).supportsFileAttributeView("unix")) {
            int links = (Integer) Files.getAttribute(t.path(), "unix:nlink", java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (links > 1) {
                out.add("it has " + links + " hard links: other names share its content");
            }
        }
        return out;
    }

    /** Refuses a symlink, a directory or a special file at the name; never follows a link. */
    static void regularOrMissing(Target t) throws IOException, SecretFileException {
        Kind kind = PrivateFiles.kind(t.path());
        switch (kind) {
            case SYMLINK -> throw new SecretFileException(
                    "is a symbolic link; refusing to follow it (the link and its target were left untouched)",
                    t.display(), "remove the link; sandbox writes the secret file only as a regular file");
            case DIRECTORY, OTHER -> throw new SecretFileException("is not a regular file", t.display(),
                    "remove it or choose another place with --file");
            default -> { }
        }
    }
}
