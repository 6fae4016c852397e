package sandbox.secrets.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sandbox.api.SandboxException;
import sandbox.secrets.PasswordChange;
import sandbox.secrets.Rotated;
import sandbox.secrets.Secret;
import sandbox.secrets.SecretEnv;
import sandbox.secrets.SecretFileException;
import sandbox.secrets.internal.dotenv.Dotenv;
import sandbox.secrets.internal.files.FileLocks;
import sandbox.secrets.internal.files.PrivateFiles;
import sandbox.secrets.internal.files.PrivateFiles.Kind;

/**
 * A new password, database first: the new file is prepared (fsync-ed) before the database
 * changes, so publishing it afterwards is a link and a rename. The old file stays as
 * {@code .previous} until a login with the new password works. Any failure puts the old
 * password back in the database and the old file back in place.
 */
public final class Rotation {

    private static final Logger LOG = LoggerFactory.getLogger(Rotation.class);

    private Rotation() {
    }

    public static Rotated run(Target t, PasswordChange db) throws SandboxException {
        try {
            switch (PrivateFiles.kind(t.path())) {
                case MISSING -> throw new SecretFileException("does not exist", t.display(), "run: sandbox secrets init");
                case REGULAR -> { }
                default -> Preconditions.regularOrMissing(t);
            }
            if (PrivateFiles.kind(t.previous()) != Kind.MISSING) {
                throw new SecretFileException("exists, so an earlier rotation was interrupted; it may hold the password"
                        + " the database accepts", t.displayPrevious(),
                        "run 'sandbox secrets check', keep the file whose password works, delete the other");
            }
            boolean posix = PrivateFiles.supportsPosix(t.directory());
            return FileLocks.withLock(t.path(), () -> locked(t, db, posix));
        } catch (IOException e) {
            throw t.failure("rotate the secret file", e);
        }
    }

    private static Rotated locked(Target t, PasswordChange db, boolean posix) throws IOException, SandboxException {
        Dotenv.Document doc = Ensure.parse(t, PrivateFiles.read(t.path()));
        if (!doc.values().containsKey("POSTGRES_PASSWORD") && !doc.values().containsKey("PGPASSWORD")) {
            throw new SecretFileException("has no password to rotate", t.display(), "run: sandbox secrets init");
        }
        SecretEnv env = SecretEnv.of(doc.values());
        Secret old = env.password();
        Secret fresh = EnvContent.newPassword();
        byte[] next = EnvContent.withPassword(doc, old, fresh);
        List<String> notes = new ArrayList<>();

        if (!db.databaseRunning()) {
            PrivateFiles.replace(t.path(), next, Optional.empty(), posix);
            LOG.info("rotated the password in {} (database not running)", t.display());
            notes.add("the database sidecar is not running: only the file changed. If its data volume exists, it"
                    + " still holds the old password; start the sidecar and run 'sandbox secrets rotate' again");
            return new Rotated(t.path(), false, notes);
        }

        Path prepared = PrivateFiles.prepare(t.path(), next, posix);
        try {
            db.setPassword(env, fresh);
        } catch (SandboxException | RuntimeException e) {
            Files.deleteIfExists(prepared);
            throw failed(t, "the database did not take the new password; nothing changed", e);
        }
        LOG.info("database password changed; publishing the new file");
        try {
            PrivateFiles.publishOver(prepared, t.path(), Optional.of(t.previous()));
        } catch (IOException | RuntimeException e) {
            restoreDatabase(t, db, env, old, "the new file could not be written",
                    "the new password was not saved");
            throw e instanceof IOException io
                    ? t.failure("write the new secret file (the database has the old password again; nothing changed)", io)
                    : failed(t, "writing the new file failed; the database has the old password again", e);
        }
        try {
            db.verifyLogin(env, fresh);
        } catch (SandboxException | RuntimeException e) {
            restoreDatabase(t, db, env, old, "a login with the new password failed",
                    "the file has the new password and " + t.displayPrevious() + " the old one");
            PrivateFiles.moveAtomically(t.previous(), t.path());
            throw failed(t, "a login with the new password failed; restored the old password and file", e);
        }
        Files.delete(t.previous());
        LOG.info("rotated the password in {} and in the database", t.display());
        notes.add("the database accepted a login with the new password; " + t.displayPrevious() + " removed");
        return new Rotated(t.path(), true, notes);
    }

    /** Puts the old password back; when even that fails, says exactly where things stand. */
    private static void restoreDatabase(Target t, PasswordChange db, SecretEnv env, Secret old, String why,
                                        String fileState)
            throws SecretFileException {
        try {
            db.setPassword(env, old);
        } catch (SandboxException | RuntimeException e) {
            LOG.error("rotation failed ({}) and the old password could not be restored", why);
            throw new SecretFileException("rotation failed (" + why + ") and the database could not be given the"
                    + " old password back: it expects the new one (" + fileState + ")", t.display(),
                    "once the sidecar is healthy run 'sandbox secrets rotate' again; it sets a fresh password", e);
        }
    }

    private static SecretFileException failed(Target t, String what, Exception cause) {
        String detail = cause instanceof SandboxException s ? s.oneLine() : cause.getClass().getSimpleName();
        return new SecretFileException(what + ": " + detail, t.display(), null, cause);
    }
}
