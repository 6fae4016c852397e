package sandbox.firewall.internal.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Writes a ruleset folder atomically and hashes it the way apply does. */
public final class Folder {

    private Folder() {}

    /**
     * The same digest as {@code (cd DIR && sha256sum FILES) | sha256sum} in apply, so the
     * state file's hash can be compared with the compiled folder's.
     */
    public static String hash(Map<String, byte[]> files, List<String> names) {
        StringBuilder listing = new StringBuilder();
        for (String name : names) {
            listing.append(sha256(files.get(name))).append("  ").append(name).append('\n');
        }
        return sha256(listing.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes every file into a new directory beside {@code dir}. A new folder is then moved into
     * place. An existing one keeps its own directory, which a container may have bind-mounted
     * (a mount pins the directory: a swapped-in replacement would stay unseen): each file is
     * renamed into it atomically and files no longer compiled are deleted. Only a firewall
     * restart in that moment could read old and new files side by side: apply then fails
     * closed (a set a rule names is missing) or records a hash no compile produced, which
     * status reports as drift; up and refresh apply after the folder is complete.
     */
    public static void write(Path dir, Map<String, byte[]> files, String executable) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        refuseToReplaceOtherData(target);
        Path parent = target.getParent();
        Files.createDirectories(parent);
        String name = target.getFileName().toString();
        Path fresh = Files.createTempDirectory(parent, "." + name + ".new-");
        try {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path path = fresh.resolve(file.getKey());
                Files.write(path, file.getValue());
                setMode(path, file.getKey().equals(executable) ? "rwxr-xr-x" : "rw-r--r--");
            }
            setMode(fresh, "rwxr-xr-x");
            if (!Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                move(fresh, target);
                return;
            }
            for (String file : files.keySet()) {
                move(fresh.resolve(file), target.resolve(file));
            }
            try (Stream<Path> entries = Files.list(target)) {
                for (Path p : entries.toList()) {
                    if (!files.containsKey(p.getFileName().toString())) {
                        Files.delete(p);
                    }
                }
            }
            deleteTree(fresh);
        } catch (IOException | RuntimeException e) {
            deleteTree(fresh);
            throw e;
        }
    }

    /**
     * The swap deletes what was at {@code target}: only ever an earlier compiled folder (it has
     * a {@code mode} file and no subfolder) or an empty directory, never a user's data.
     */
    static void refuseToReplaceOtherData(Path target) throws IOException {
        if (!Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("refusing to replace " + target + ": it is not a directory");
        }
        try (Stream<Path> entries = Files.list(target)) {
            List<Path> all = entries.toList();
            boolean empty = all.isEmpty();
            boolean compiled = Files.isRegularFile(target.resolve("mode"), java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && all.stream().allMatch(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
            if (!empty && !compiled) {
                throw new IOException("refusing to replace " + target
                        + ": it is not a compiled firewall folder (choose an empty or new --out folder)");
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            throw new IOException("cannot move " + from + " to " + to + " atomically: " + e.getMessage(), e);
        }
    }

    private static void setMode(Path path, String mode) throws IOException {
        if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
