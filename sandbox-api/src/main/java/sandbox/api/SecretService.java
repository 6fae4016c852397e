package sandbox.api;

import java.nio.file.Path;
import java.util.List;

/** The {@code 0600} secret env file: ensured before anything reads it. */
public interface SecretService {

    /** Creates the file if missing, repairs its mode, adds missing keys, checks git safety. */
    SecretStatus ensure(Path envFile, Console console) throws SandboxException;

    /**
     * As {@link #ensure(Path, Console)}, writing a new file for the database the settings
     * name ({@code db.container}, the sidecar's name and host, default {@code claude-db};
     * {@code db.user}, {@code db.name}, {@code db.port}).
     */
    default SecretStatus ensure(Path envFile, Settings settings, Console console) throws SandboxException {
        return ensure(envFile, console);
    }

    /** What ensure did, with no secret value in it. */
    record SecretStatus(Path path, boolean created, List<String> addedKeys, List<String> notes) {
        public SecretStatus {
            addedKeys = List.copyOf(addedKeys);
            notes = List.copyOf(notes);
        }
    }
}
