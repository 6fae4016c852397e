package sandbox.image.internal.lock;

import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import sandbox.api.Project;
import sandbox.api.SandboxException;
import sandbox.api.Settings;
import sandbox.image.Lockfile;

/**
 * A build asked for a base (flag or {@code image.base}) other than the one
 * {@code config/sandbox.lock} was made against: the packages are locked again against that
 * base first, as {@code sandbox lock --base} would, so {@code up --base REF} works on a fresh
 * clone. The new lock is written atomically and said loudly: it is a change to commit. A lock
 * whose own base changed under the same name is not redone here; the build refuses it.
 */
public final class Relock {

    private Relock() {
    }

    /** @return whether the lock was made again */
    public static boolean ifBaseDiffers(Project project, Settings settings, Consumer<String> progress)
            throws SandboxException {
        Optional<String> wanted = settings.get("image.base").filter(b -> !b.isBlank());
        if (wanted.isEmpty() || !Files.isRegularFile(project.lockFile())) {
            return false;
        }
        Lockfile lock = Lockfile.read(project.lockFile());
        String locked = lock.base().reference();
        if (locked.equals(wanted.get())) {
            return false;
        }
        progress.accept("[lock] " + project.display(project.lockFile()) + " was made against " + locked
                + "; locking its packages against " + wanted.get() + " (review and commit the new lock)");
        List<String> platforms = List.copyOf(lock.platforms().keySet());
        Locker.Result result = Locker.forSettings(settings::get, progress).lock(new Locker.Request(
                project.configDir(), project.lockFile(), wanted.get(), platforms.isEmpty() ? List.of("amd64") : platforms,
                settings::get));
        progress.accept("[lock] wrote " + project.display(project.lockFile()) + " (" + result.changes().size()
                + " packages changed)");
        return true;
    }
}
