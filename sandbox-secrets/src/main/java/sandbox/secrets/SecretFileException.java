package sandbox.secrets;

import sandbox.api.SandboxException;

/**
 * The secret file cannot be used as it is: a symlink, a malformed line, tracked by git, a
 * read-only directory, a failed rotation. {@code where} is the file (and line); the message
 * never contains a value from the file.
 */
public final class SecretFileException extends SandboxException {
    private static final long serialVersionUID = 1L;

    public SecretFileException(String message, String where, String hint) {
        super(message, where, hint, null);
    }

    public SecretFileException(String message, String where, String hint, Throwable cause) {
        super(message, where, hint, cause);
    }
}
