package sandbox.firewall.internal.compile;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import sandbox.api.Project;
import sandbox.api.SandboxException;

/**
 * Seeds the user's {@code config/extra-allowlist.txt} from the shipped template, once. The
 * copy is written to a temp file and hard-linked into place: the link fails if the file
 * appeared meanwhile, so a user's list is never overwritten, not even by a race.
 */
public final class ExtraAllowlist {

    private ExtraAllowlist() {
    }

    public static boolean seed(Project project) throws SandboxException {
        Path target = project.extraAllowlist();
        Path template = project.extraAllowlistTemplate();
        if (Files.exists(target) || !Files.isRegularFile(template)) {
            return false;
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(target.getParent(), ".extra-allowlist-", ".tmp");
            Files.write(tmp, Files.readAllBytes(template));
            try {
                Files.createLink(target, tmp);
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException | IOException e) {
                if (Files.exists(target)) {
                    return false;
                }
                Files.move(tmp, target); // no REPLACE_EXISTING: fails rather than overwrite
            }
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new SandboxException("cannot create the extra allowlist: " + e.getMessage(),
                    project.display(target), "check that config/ is writable", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a stray temp file is harmless; the seed itself succeeded or failed above
                }
            }
        }
    }
}
