package sandbox.secrets;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link SecretFile#ensure()} did. Holds no secret value.
 *
 * @param created the file did not exist and this call created it (false when another
 *        process won the race: its password is the one in the file)
 * @param addedKeys keys that were missing from an existing file and were added
 * @param modeRepaired the file was readable or writable by others and is now {@code 0600}
 * @param notes what else happened (git ignore added, git skipped …)
 * @param warnings what the user must see (mode repaired, no POSIX permissions …)
 */
public record Ensured(Path path, boolean created, List<String> addedKeys, boolean modeRepaired,
                      List<String> notes, List<String> warnings) {
    public Ensured {
        addedKeys = List.copyOf(addedKeys);
        notes = List.copyOf(notes);
        warnings = List.copyOf(warnings);
    }

    /** Nothing was written: the file was already complete and private. */
    public boolean unchanged() {
        return !created && addedKeys.isEmpty() && !modeRepaired;
    }
}
