package sandbox.api;

/** The command line itself is wrong: unknown option, missing argument. Exit code 2. */
public class UsageException extends SandboxException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, String hint) {
        super(message, null, hint, null);
    }

    @Override
    public int exitCode() {
        return 2;
    }
}
