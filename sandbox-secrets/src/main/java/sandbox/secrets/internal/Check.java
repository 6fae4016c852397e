package sandbox.secrets.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import sandbox.secrets.CheckReport;
import sandbox.secrets.internal.dotenv.Dotenv;
import sandbox.secrets.internal.files.PrivateFiles;
import sandbox.secrets.internal.files.PrivateFiles.Kind;
import sandbox.secrets.internal.git.GitGuard;

/** Reports everything wrong with the secret file, changing nothing. */
public final class Check {

    private Check() {
    }

    public static CheckReport run(Target t) {
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try {
            inspectFile(t, problems, notes);
        } catch (IOException e) {
            problems.add(t.failure("read the secret file", e).oneLine());
        }
        t.git().ifPresent(git -> {
            GitGuard.Inspection g = git.inspect(t.path());
            notes.addAll(g.notes());
            problems.addAll(g.problems());
            g.tracked().forEach(p -> problems.add(p + ": tracked by git (fix: git rm --cached -- " + p
                    + ", then sandbox secrets rotate)"));
            g.notIgnored().forEach(p -> problems.add(GitGuard.describe(p) + ": not ignored by git (fix: sandbox secrets init)"));
        });
        return new CheckReport(t.path(), problems, notes);
    }

    private static void inspectFile(Target t, List<String> problems, List<String> notes) throws IOException {
        if (PrivateFiles.kind(t.previous()) != Kind.MISSING) {
            problems.add(t.displayPrevious() + ": exists, so a rotation was interrupted; it holds the password"
                    + " from before it (compare, keep the one the database accepts, delete the other)");
        }
        switch (PrivateFiles.kind(t.path())) {
            case MISSING -> {
                problems.add(t.display() + ": does not exist (fix: sandbox secrets init)");
                return;
            }
            case SYMLINK -> {
                problems.add(t.display() + ": is a symbolic link (must be a regular file; remove the link)");
                return;
            }
            case DIRECTORY, OTHER -> {
                problems.add(t.display() + ": is not a regular file");
                return;
            }
            default -> { }
        }
        if (!Files.isDirectory(t.directory()) || !PrivateFiles.supportsPosix(t.directory())) {
            problems.add(t.display() + ": " + Preconditions.NO_POSIX);
        } else {
            PrivateFiles.permissions(t.path()).filter(PrivateFiles::tooOpen).ifPresent(p -> problems.add(
                    t.display() + ": mode " + PrivateFiles.octal(p) + " is open beyond its owner, must be 0600"
                            + " (fix: sandbox secrets init)"));
        }
        Preconditions.exposures(t).forEach(x -> problems.add(t.display() + ": " + x));
        Dotenv.Document doc;
        try {
            doc = Dotenv.parse(PrivateFiles.read(t.path()));
        } catch (Dotenv.SyntaxError e) {
            problems.add(t.display() + ":" + e.line() + ": " + e.getMessage());
            return;
        }
        List<String> missing = EnvContent.missingKeys(doc);
        if (!missing.isEmpty()) {
            problems.add(t.display() + ": missing " + String.join(", ", missing) + " (fix: sandbox secrets init)");
        }
        for (EnvContent.Problem p : EnvContent.problems(doc)) {
            problems.add(t.display() + (p.line() > 0 ? ":" + p.line() : "") + ": " + p.message());
        }
        notes.add(t.display() + ": " + doc.entries().size() + " keys");
    }
}
