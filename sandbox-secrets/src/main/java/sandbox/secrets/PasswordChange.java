package sandbox.secrets;

import sandbox.api.SandboxException;

/**
 * The database side of a rotation: a seam, so the rotation protocol is tested with fakes
 * and embedders can bring their own database. {@code SecretFile} calls, in order:
 * {@link #databaseRunning()}, {@link #setPassword} (new), {@link #verifyLogin} (new), and on
 * any failure {@link #setPassword} (old) to put the old password back.
 *
 * <p>Implementations must pass passwords on stdin or in memory, never as a process
 * argument, and must not put them in exception messages or logs.
 */
public interface PasswordChange {

    /** Whether a database is there to change; when not, only the file changes. */
    boolean databaseRunning() throws SandboxException;

    /** Sets the password of {@code env}'s role ({@link SecretEnv#user()}) in the running database. */
    void setPassword(SecretEnv env, Secret password) throws SandboxException;

    /** Logs in as {@code env}'s role with {@code password}; throws when the database refuses it. */
    void verifyLogin(SecretEnv env, Secret password) throws SandboxException;

    /** No database: rotation rewrites the file only. */
    static PasswordChange none() {
        return new PasswordChange() {
            @Override public boolean databaseRunning() { return false; }

            @Override public void setPassword(SecretEnv env, Secret password) {
                throw new IllegalStateException("no database");
            }

            @Override public void verifyLogin(SecretEnv env, Secret password) {
                throw new IllegalStateException("no database");
            }
        };
    }
}
