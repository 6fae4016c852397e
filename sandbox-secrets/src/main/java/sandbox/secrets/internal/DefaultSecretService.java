package sandbox.secrets.internal;

import java.nio.file.Path;
import sandbox.api.Console;
import sandbox.api.SandboxException;
import sandbox.api.SecretService;
import sandbox.api.Settings;
import sandbox.secrets.Ensured;
import sandbox.secrets.SecretFile;

/** {@code up}'s step 2: the secret file exists, is private, complete and ignored by git. */
public final class DefaultSecretService implements SecretService {

    @Override
    public SecretStatus ensure(Path envFile, Console console) throws SandboxException {
        return ensure(envFile, Settings.empty(), console);
    }

    @Override
    public SecretStatus ensure(Path envFile, Settings settings, Console console) throws SandboxException {
        Ensured e = SecretFile.at(envFile).withDatabase(DatabaseSettings.database(settings)).ensure();
        e.warnings().forEach(console::warn);
        if (e.created()) {
            console.progress("created " + envFile + " (mode 0600)");
        }
        if (!e.addedKeys().isEmpty()) {
            console.progress("added " + String.join(", ", e.addedKeys()) + " to " + envFile);
        }
        e.notes().forEach(console::progress);
        var notes = new java.util.ArrayList<>(e.notes());
        notes.addAll(e.warnings());
        return new SecretStatus(e.path(), e.created(), e.addedKeys(), notes);
    }
}
