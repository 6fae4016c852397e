package sandbox.image.internal.cli;

import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import sandbox.api.Arguments;
import sandbox.api.Command;
import sandbox.api.Invocation;
import sandbox.api.SandboxException;
import sandbox.api.UsageException;
import sandbox.image.Lockfile;
import sandbox.image.internal.lock.Locker;

/** {@code sandbox lock}: pin the OS and npm packages of the image in {@code config/sandbox.lock}. */
public final class LockCommand implements Command {

    @Override
    public String name() {
        return "lock";
    }

    @Override
    public String summary() {
        return "pin the image's Debian and npm packages (with hashes) in config/sandbox.lock";
    }

    @Override
    public String usage() {
        return """
                Usage: sandbox lock [--base REF] [--platform ARCH]...

                Resolves config/packages.debian and config/packages.npm against the Debian archive
                of this machine's apt sources (or SANDBOX_DEBIAN_MIRROR) and npm's configured
                registry (or SANDBOX_NPM_REGISTRY), verifies the archive's signed InRelease, and
                writes config/sandbox.lock atomically, printing what changed.

                  --base REF       tar://PATH (docker-save tar) or docker://NAME; default: setting
                                   image.base, else the base of the existing lock
                  --platform ARCH  amd64 (default) or arm64; repeatable
                """;
    }

    @Override
    public int run(Invocation inv) throws SandboxException {
        Arguments a = Arguments.parse(inv.args(), Set.of(), Set.of("--base", "--platform")).atMostPositionals(0);
        Optional<Lockfile> previous = Files.isRegularFile(inv.project().lockFile())
                ? Optional.of(Lockfile.read(inv.project().lockFile())) : Optional.empty();
        String base = a.value("--base").or(() -> inv.settings().get("image.base"))
                .or(() -> previous.map(l -> l.base().reference()))
                .orElseThrow(() -> new UsageException("no base image to lock against",
                        "pass --base tar://PATH or --base docker://NAME"));
        List<String> platforms = a.values("--platform").isEmpty() ? List.of("amd64") : a.values("--platform");
        for (String p : platforms) {
            if (!p.equals("amd64") && !p.equals("arm64")) {
                throw new UsageException("unknown platform '" + p + "'", "use amd64 or arm64");
            }
        }
        Locker.Result result = Locker.forSettings(inv.settings()::get, inv.console()::progress)
                .lock(new Locker.Request(inv.project().configDir(), inv.project().lockFile(), base, platforms,
                        inv.settings()::get));
        result.changes().forEach(inv.console().out()::println);
        if (result.changes().isEmpty()) {
            inv.console().out().println("no changes");
        }
        inv.console().out().println("wrote " + inv.project().display(inv.project().lockFile()) + " ("
                + result.lock().platforms().values().stream().mapToInt(p -> p.debian().size() + p.npm().size()).sum()
                + " packages)");
        return 0;
    }
}
