package sandbox.image.internal.cli;

import sandbox.api.Command;
import sandbox.api.Invocation;
import sandbox.api.SandboxException;
import sandbox.api.UsageException;

/** {@code sandbox build}: the daemonless image build. */
public final class BuildCommand implements Command {

    @Override
    public String name() {
        return "build";
    }

    @Override
    public String summary() {
        return "build the sandbox image without a Docker daemon (Jib)";
    }

    @Override
    public String usage() {
        return "Usage: sandbox build [--base REF] [--to TARGET]\n";
    }

    @Override
    public int run(Invocation invocation) throws SandboxException {
        throw new UsageException("build needs --base and --to", "see 'sandbox build --help'");
    }
}
