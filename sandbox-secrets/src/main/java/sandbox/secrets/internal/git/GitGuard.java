package sandbox.secrets.internal.git;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sandbox.secrets.SecretFileException;

/**
 * Keeps the secret file (and its {@code .previous} and temp siblings) out of git: tracked
 * is an error with the fix; not ignored gets an anchored pattern appended to the
 * repository's {@code .gitignore}. Outside a repository, or without git, it steps aside
 * with a note.
 */
public final class GitGuard {

    private static final Logger LOG = LoggerFactory.getLogger(GitGuard.class);

    /** What git says about the file and its siblings. */
    public record Inspection(Optional<Path> repository, List<String> tracked, List<String> notIgnored,
                             List<String> notes, List<String> problems) { }

    private final Git git;

    public GitGuard(Git git) {
        this.git = git;
    }

    /** Looks only. {@code file} need not exist. */
    public Inspection inspect(Path file) {
        List<String> notes = new ArrayList<>();
        Path absolute = file.toAbsolutePath().normalize();
        Path start = absolute.getParent();
        while (start != null && !Files.isDirectory(start)) {
            start = start.getParent();
        }
        if (start == null) {
            return new Inspection(Optional.empty(), List.of(), List.of(), List.of("no directory to run git in"), List.of());
        }
        Git.Result top = git.run(start, List.of("rev-parse", "--show-toplevel"));
        if (top.missing()) {
            notes.add("git not found: skipped the git checks");
            return new Inspection(Optional.empty(), List.of(), List.of(), notes, List.of());
        }
        if (top.exitCode() != 0) {
            if (top.stderr().contains("not a git repository")) {
                notes.add("not inside a git repository: skipped the git checks");
                return new Inspection(Optional.empty(), List.of(), List.of(), notes, List.of());
            }
            return new Inspection(Optional.empty(), List.of(), List.of(), notes,
                    List.of("git cannot check the file: " + top.firstErrorLine()));
        }
        Path root = Path.of(top.stdout().strip());
        Optional<String> rel = relative(root, start, absolute);
        if (rel.isEmpty()) {
            notes.add("the file is outside the git work tree " + root + ": skipped the git checks");
            return new Inspection(Optional.of(root), List.of(), List.of(), notes, List.of());
        }
        // One git call per question for all three paths: process starts dominate the cost.
        List<String> paths = companions(rel.get());
        List<String> problems = new ArrayList<>();
        List<String> lsArgs = new ArrayList<>(List.of("--literal-pathspecs", "ls-files", "-z", "--"));
        lsArgs.addAll(paths);
        Git.Result ls = git.run(root, lsArgs);
        if (ls.exitCode() != 0) {
            problems.add("git ls-files failed: " + ls.firstErrorLine());
        }
        List<String> listed = List.of(ls.stdout().split("\0"));
        List<String> tracked = paths.stream().filter(listed::contains).toList();
        List<String> untracked = paths.stream().filter(p -> !tracked.contains(p)).toList();
        List<String> notIgnored = List.of();
        if (!untracked.isEmpty()) {
            byte[] input = (String.join("\0", untracked) + "\0").getBytes(StandardCharsets.UTF_8);
            Git.Result ci = git.run(root, List.of("check-ignore", "-z", "--stdin"), input);
            if (ci.exitCode() == 0 || ci.exitCode() == 1) {
                List<String> ignored = List.of(ci.stdout().split("\0"));
                notIgnored = untracked.stream().filter(p -> !ignored.contains(p)).toList();
            } else {
                problems.add("git check-ignore failed: " + ci.firstErrorLine());
            }
        }
        return new Inspection(Optional.of(root), tracked, notIgnored, notes, problems);
    }

    /**
     * Fails when the file is tracked; adds ignore patterns when it is not ignored.
     *
     * @return notes for the user (what was added to which .gitignore, or why git was skipped)
     */
    public List<String> ensureIgnored(Path file, String displayName) throws SecretFileException {
        Inspection first = inspect(file);
        List<String> notes = new ArrayList<>(first.notes());
        if (!first.problems().isEmpty()) {
            // Fail closed: a secret must not be written where git might pick it up.
            throw new SecretFileException(first.problems().get(0), displayName,
                    "fix git, or run outside the repository", null);
        }
        if (!first.tracked().isEmpty()) {
            String path = first.tracked().get(0);
            throw new SecretFileException("is tracked by git, so its secrets are in the repository's history",
                    displayName, "run: git rm --cached -- " + path + " (then rotate: sandbox secrets rotate)");
        }
        if (first.notIgnored().isEmpty() || first.repository().isEmpty()) {
            return notes;
        }
        Path root = first.repository().get();
        Path gitignore = root.resolve(".gitignore");
        List<String> patterns = first.notIgnored().stream().map(GitGuard::pattern).toList();
        try {
            append(gitignore, patterns);
        } catch (IOException e) {
            throw new SecretFileException("is not ignored by git and .gitignore cannot be updated: " + e.getMessage(),
                    displayName, "add these lines to " + gitignore + ": " + String.join(" ", patterns), e);
        }
        LOG.info("added {} to {}", patterns, gitignore);
        notes.add("added " + String.join(", ", patterns) + " to " + gitignore);
        Inspection after = inspect(file);
        if (!after.notIgnored().isEmpty()) {
            throw new SecretFileException("is still not ignored by git after adding it to .gitignore",
                    displayName, "a later rule un-ignores it: see git check-ignore -v --no-index -- "
                    + after.notIgnored().get(0));
        }
        return notes;
    }

    /** The file, its {@code .previous} and a representative of its temp files, repo-relative. */
    static List<String> companions(String rel) {
        return List.of(rel, rel + ".previous", rel + ".000000000000.tmp");
    }

    /** A companion path as users should read it: the temp-file representative as a glob. */
    public static String describe(String rel) {
        return rel.endsWith(".000000000000.tmp")
                ? rel.substring(0, rel.length() - ".000000000000.tmp".length()) + ".*.tmp" : rel;
    }

    /** An anchored .gitignore pattern for a repo-relative path; temp files get a glob. */
    static String pattern(String rel) {
        if (rel.endsWith(".000000000000.tmp")) {
            return "/" + escape(rel.substring(0, rel.length() - ".000000000000.tmp".length())) + ".*.tmp";
        }
        return "/" + escape(rel);
    }

    static String escape(String rel) {
        StringBuilder b = new StringBuilder();
        for (char c : rel.toCharArray()) {
            if (c == '\\' || c == '*' || c == '?' || c == '[') {
                b.append('\\');
            }
            b.append(c);
        }
        if (b.length() > 0 && b.charAt(b.length() - 1) == ' ') {
            b.insert(b.length() - 1, '\\');
        }
        return b.toString();
    }

    private static Optional<String> relative(Path root, Path existingAncestor, Path file) {
        try {
            Path real = existingAncestor.toRealPath().resolve(existingAncestor.relativize(file));
            Path realRoot = root.toRealPath();
            if (!real.startsWith(realRoot)) {
                return Optional.empty();
            }
            return Optional.of(realRoot.relativize(real).toString().replace('\\', '/'));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Appends lines to .gitignore atomically (temp file + rename), keeping its content and mode. */
    private static void append(Path gitignore, List<String> patterns) throws IOException {
        if (Files.isSymbolicLink(gitignore)) {
            throw new IOException(gitignore + " is a symbolic link");
        }
        byte[] old = Files.exists(gitignore, NOFOLLOW_LINKS) ? Files.readAllBytes(gitignore) : new byte[0];
        StringBuilder b = new StringBuilder(new String(old, StandardCharsets.UTF_8));
        if (b.length() > 0 && b.charAt(b.length() - 1) != '\n') {
            b.append('\n');
        }
        b.append("# sandbox: local secrets, never commit\n");
        patterns.forEach(p -> b.append(p).append('\n'));
        Path dir = gitignore.getParent();
        Path tmp = Files.createTempFile(dir, ".gitignore.", ".tmp");
        try {
            Files.write(tmp, b.toString().getBytes(StandardCharsets.UTF_8));
            PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
            if (view != null) {
                Set<PosixFilePermission> mode = Files.exists(gitignore)
                        ? Files.getPosixFilePermissions(gitignore, NOFOLLOW_LINKS)
                        : PosixFilePermissions.fromString("rw-r--r--");
                view.setPermissions(mode);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, gitignore, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
