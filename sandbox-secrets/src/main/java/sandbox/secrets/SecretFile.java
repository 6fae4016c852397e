package sandbox.secrets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import sandbox.api.SandboxException;
import sandbox.secrets.internal.Check;
import sandbox.secrets.internal.Ensure;
import sandbox.secrets.internal.Rotation;
import sandbox.secrets.internal.Target;
import sandbox.secrets.internal.dotenv.Dotenv;
import sandbox.secrets.internal.files.PrivateFiles;
import sandbox.secrets.internal.git.Git;
import sandbox.secrets.internal.git.GitGuard;

/**
 * The one door to the secret env file. Immutable; each {@code with…} returns a copy.
 *
 * <pre>{@code
 * Ensured e = SecretFile.at(project.envFile()).ensure();          // create / repair / complete / git-ignore
 * SecretEnv env = SecretFile.at(path).read();                      // toString() shows keys only
 * Rotated r = SecretFile.at(path).rotate(PostgresSidecar...);      // database first, then the file
 * CheckReport c = SecretFile.at(path).check();                     // changes nothing
 * }</pre>
 *
 * The library never prints: results carry notes and warnings; SLF4J gets paths and keys,
 * never values.
 */
public final class SecretFile {

    private final Path path;
    private final String display;
    private final Database database;
    private final Optional<String> gitExecutable;

    private SecretFile(Path path, String display, Database database, Optional<String> gitExecutable) {
        this.path = path;
        this.display = display;
        this.database = database;
        this.gitExecutable = gitExecutable;
    }

    public static SecretFile at(Path path) {
        return new SecretFile(path.toAbsolutePath().normalize(), path.toString(), Database.defaults(), Optional.of("git"));
    }

    /** The role, database and host written into a new file (and used to fill missing keys). */
    public SecretFile withDatabase(Database newDatabase) {
        return new SecretFile(path, display, newDatabase, gitExecutable);
    }

    /** How the file is named in messages (e.g. relative to the project root). */
    public SecretFile displayedAs(String name) {
        return new SecretFile(path, name, database, gitExecutable);
    }

    /** Runs this git executable for the ignore/tracked checks (default {@code git} from PATH). */
    public SecretFile withGit(String executable) {
        return new SecretFile(path, display, database, Optional.of(executable));
    }

    /** For embedders that keep the file out of version control themselves. */
    public SecretFile withoutGit() {
        return new SecretFile(path, display, database, Optional.empty());
    }

    public Path path() {
        return path;
    }

    /** The name used in messages. */
    public String displayName() {
        return display;
    }

    /** Where a rotation keeps the old file until the database accepts the new password. */
    public Path previousPath() {
        return target().previous();
    }

    /**
     * Makes the file exist, private, complete and ignored by git: creates it atomically if
     * missing (never overwriting one another process created), re-secures a too-open mode,
     * appends missing keys. Refuses symlinks, non-regular files, malformed content and
     * files tracked by git.
     */
    public Ensured ensure() throws SandboxException {
        return Ensure.run(target());
    }

    /** Parses the file (not following a symlink). Malformed content is an error at its line. */
    public SecretEnv read() throws SandboxException {
        Target t = target();
        try {
            if (PrivateFiles.kind(path) != PrivateFiles.Kind.REGULAR) {
                throw new SecretFileException(PrivateFiles.kind(path) == PrivateFiles.Kind.MISSING ? "does not exist"
                        : "is not a regular file (symlinks are not followed)", display, "run: sandbox secrets init");
            }
            return SecretEnv.of(Dotenv.parse(PrivateFiles.read(path)).values());
        } catch (Dotenv.SyntaxError e) {
            throw t.syntax(e);
        } catch (IOException e) {
            throw t.failure("read the secret file", e);
        }
    }

    /** Everything wrong with the file (mode, symlink, git, content), changing nothing. */
    public CheckReport check() {
        return Check.run(target());
    }

    /**
     * A new password: in the running database first (through {@code database}), then in
     * the file. On any failure the old password stays valid and the file unchanged.
     */
    public Rotated rotate(PasswordChange databaseSide) throws SandboxException {
        return Rotation.run(target(), databaseSide);
    }

    private Target target() {
        return new Target(path, display, database, gitExecutable.map(g -> new GitGuard(new Git(g))));
    }

    @Override
    public String toString() {
        return "SecretFile[" + display + "]";
    }
}
