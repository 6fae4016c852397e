package sandbox.secrets.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Optional;
import sandbox.secrets.Database;
import sandbox.secrets.SecretFileException;
import sandbox.secrets.internal.dotenv.Dotenv;
import sandbox.secrets.internal.git.GitGuard;

/** The secret file an operation works on, as configured through {@code SecretFile}. */
public record Target(Path path, String display, Database database, Optional<GitGuard> git) {

    public Path directory() {
        return path.toAbsolutePath().getParent();
    }

    public Path previous() {
        return path.resolveSibling(path.getFileName() + ".previous");
    }

    public String displayPrevious() {
        return display + ".previous";
    }

    /** An I/O failure as one line naming the file, the reason, and what to do. */
    public SecretFileException failure(String doing, IOException e) {
        String reason = e instanceof AccessDeniedException ? "permission denied"
                : e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                : e.getClass().getSimpleName();
        String on = e instanceof FileSystemException f && f.getFile() != null ? " (" + f.getFile() + ")" : "";
        String hint = e instanceof AccessDeniedException || reason.toLowerCase().contains("read-only")
                        || reason.toLowerCase().contains("not permitted")
                ? "you must be able to read the file and write its directory; or choose another place with --file"
                : null;
        return new SecretFileException("cannot " + doing + ": " + reason + on, display, hint, e);
    }

    /** A syntax error at its line; the message holds no value from the file. */
    public SecretFileException syntax(Dotenv.SyntaxError e) {
        return new SecretFileException(e.getMessage(), display + ":" + e.line(),
                "fix or remove that line; the file was left untouched", null);
    }
}
