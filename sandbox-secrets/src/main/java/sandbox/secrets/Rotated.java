package sandbox.secrets;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link SecretFile#rotate(PasswordChange)} did. No secret value.
 *
 * @param databaseChanged the running database took the new password and accepted a login with it
 * @param notes e.g. that a stopped sidecar's data volume still holds the old password
 */
public record Rotated(Path path, boolean databaseChanged, List<String> notes) {
    public Rotated {
        notes = List.copyOf(notes);
    }
}
