package sandbox.api;

/**
 * Re-applies the compiled allowlist inside the running sandbox's firewall container, the
 * only place the rules can change. The firewall module offers it as
 * {@code sandbox firewall refresh}; the CLI implements it, because it owns the container
 * runtime, and hands it out through {@link Services}.
 */
@FunctionalInterface
public interface FirewallRefresh {

    /** Recompiles with the invocation's arguments and re-applies; returns the exit code. */
    int refresh(Invocation invocation) throws SandboxException;
}
