package sandbox.api;

/**
 * A top-level subcommand ({@code firewall}, {@code secrets}, {@code build}, {@code up} …).
 * Provider modules contribute commands through {@code provides sandbox.api.Command with …};
 * the CLI finds them with {@link java.util.ServiceLoader} and groups {@code --help} by the
 * module that provides each one.
 *
 * <p>Constructors must be cheap: the CLI instantiates every command to print {@code --help}.
 */
public interface Command {

    /** The word typed after {@code sandbox}, e.g. {@code firewall}. Lower case, no spaces. */
    String name();

    /** One line for {@code sandbox --help}. */
    String summary();

    /** Full usage text for {@code sandbox help NAME} and {@code NAME --help}. */
    String usage();

    /**
     * Runs the command. Returns the exit code (0 ok, 1 failure). Usage mistakes throw
     * {@link UsageException} (exit 2); failures a user can cause throw {@link SandboxException}.
     */
    int run(Invocation invocation) throws SandboxException;
}
