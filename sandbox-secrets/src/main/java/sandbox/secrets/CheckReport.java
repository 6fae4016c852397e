package sandbox.secrets;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link SecretFile#check()} found, changing nothing. {@code problems} make
 * {@code sandbox secrets check} exit 1; {@code notes} are informational. No secret value.
 */
public record CheckReport(Path path, List<String> problems, List<String> notes) {
    public CheckReport {
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
