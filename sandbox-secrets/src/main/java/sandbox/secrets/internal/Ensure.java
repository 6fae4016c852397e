package sandbox.secrets.internal;

import java.io.IOException;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sandbox.secrets.Ensured;
import sandbox.secrets.SecretFileException;
import sandbox.secrets.internal.dotenv.Dotenv;
import sandbox.secrets.internal.files.FileLocks;
import sandbox.secrets.internal.files.PrivateFiles;
import sandbox.secrets.internal.files.PrivateFiles.Kind;

/**
 * Create if missing, repair if too open, complete if keys are missing; refuse symlinks,
 * non-regular files and malformed content. Git is settled before the first byte is written,
 * so the secret never exists un-ignored.
 */
public final class Ensure {

    private static final Logger LOG = LoggerFactory.getLogger(Ensure.class);

    private Ensure() {
    }

    public static Ensured run(Target t) throws SecretFileException {
        List<String> notes = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        try {
            boolean posix = Preconditions.directory(t, notes);
            if (!posix) {
                warnings.add(Preconditions.NO_POSIX);
            }
            Preconditions.regularOrMissing(t);
            if (t.git().isPresent()) {
                notes.addAll(t.git().get().ensureIgnored(t.path(), t.display()));
            }
            boolean created = false;
            if (PrivateFiles.kind(t.path()) == Kind.MISSING) {
                created = create(t, posix);
                if (!created) {
                    notes.add("another process created the file a moment earlier: kept its password");
                }
                Preconditions.regularOrMissing(t);
            }
            Preconditions.exposures(t).forEach(x -> warnings.add(t.display() + ": " + x));
            if (PrivateFiles.kind(t.previous()) != Kind.MISSING) {
                warnings.add(t.displayPrevious() + " exists: a rotation was interrupted; see 'sandbox secrets check'");
            }
            Dotenv.Document doc = parse(t, PrivateFiles.read(t.path()));
            EnvContent.problems(doc).forEach(p -> warnings.add(t.display() + ": " + p.message()));
            boolean repaired = repairMode(t, warnings);
            List<String> added = List.of();
            if (!EnvContent.missingKeys(doc).isEmpty()) {
                added = FileLocks.withLock(t.path(), () -> complete(t, posix));
            }
            return new Ensured(t.path(), created, added, repaired, notes, warnings);
        } catch (IOException e) {
            throw t.failure("create or update the secret file", e);
        }
    }

    private static boolean create(Target t, boolean posix) throws IOException {
        boolean created = PrivateFiles.createNew(t.path(), EnvContent.render(t.database(), EnvContent.newPassword()), posix);
        if (created) {
            LOG.info("created {} (mode 0600)", t.display());
        }
        return created;
    }

    static Dotenv.Document parse(Target t, byte[] bytes) throws SecretFileException {
        Dotenv.Document doc;
        try {
            doc = Dotenv.parse(bytes);
        } catch (Dotenv.SyntaxError e) {
            throw t.syntax(e);
        }
        for (EnvContent.Problem problem : EnvContent.problems(doc)) {
            if (problem.fatal()) {
                throw new SecretFileException(problem.message(), t.display() + ":" + problem.line(),
                        "fix that line; the file was left untouched");
            }
        }
        return doc;
    }

    private static boolean repairMode(Target t, List<String> warnings) throws IOException {
        Optional<Set<PosixFilePermission>> perms = PrivateFiles.permissions(t.path());
        if (perms.isEmpty() || !PrivateFiles.tooOpen(perms.get())) {
            return false;
        }
        PrivateFiles.secure(t.path());
        String was = PrivateFiles.octal(perms.get());
        LOG.info("{} was mode {}; re-secured to 0600", t.display(), was);
        warnings.add(t.display() + " was mode " + was + " (open beyond its owner); re-secured to 0600."
                + " Anyone who could read it may know the password: consider 'sandbox secrets rotate'");
        return true;
    }

    /** Under the file's lock: re-read, and append what is still missing. */
    private static List<String> complete(Target t, boolean posix) throws IOException, SecretFileException {
        Dotenv.Document doc = parse(t, PrivateFiles.read(t.path()));
        List<String> missing = EnvContent.missingKeys(doc);
        if (missing.isEmpty()) {
            return List.of();
        }
        PrivateFiles.replace(t.path(), EnvContent.complete(doc, t.database()), Optional.empty(), posix);
        LOG.info("added missing keys {} to {}", missing, t.display());
        return missing;
    }
}
