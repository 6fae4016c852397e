package sandbox.cli.up;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import sandbox.api.SandboxException;

/** Files this module writes: to a temp file in the same folder, then an atomic move. */
final class StateFiles {

    private StateFiles() {
    }

    /** Writes {@code bytes} atomically; returns false (and writes nothing) when the file already holds them. */
    static boolean write(Path file, byte[] bytes, String display) throws SandboxException {
        try {
            if (Files.isRegularFile(file) && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
                return false;
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
            try {
                Files.write(tmp, bytes);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return true;
        } catch (IOException e) {
            throw new SandboxException("cannot write " + display + ": " + e.getMessage(), display,
                    "check the folder's permissions", e);
        }
    }
}
