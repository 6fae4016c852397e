package sandbox.secrets.internal.cli;

import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.Set;
import sandbox.api.Arguments;
import sandbox.api.CommandGroup;
import sandbox.api.ContainerRuntime;
import sandbox.api.Invocation;
import sandbox.api.SandboxException;
import sandbox.secrets.PasswordChange;
import sandbox.secrets.Rotated;
import sandbox.secrets.SecretFile;
import sandbox.secrets.internal.DatabaseSettings;
import sandbox.secrets.internal.postgres.PostgresSidecar;

/** {@code sandbox secrets rotate}: a new password, in the running sidecar first, then in the file. */
final class RotateCommand implements CommandGroup.Subcommand {

    @Override public String name() { return "rotate"; }

    @Override public String summary() { return "new password: in the running DB sidecar first, then in the file"; }

    @Override public String usage() {
        return "Usage: sandbox secrets rotate [--file PATH] [--container NAME] [--file-only]\n\n"
                + "Generates a new password. When the database sidecar is running, sets it there first\n"
                + "(psql through the container runtime; the password on stdin), then rewrites the file,\n"
                + "keeping .env.previous until a login with the new password works. On any failure the\n"
                + "old password stays valid and the file unchanged.\n\n"
                + SecretsCommand.FILE_OPTION
                + "  --container NAME  the sidecar (default: setting db.container, claude-db)\n"
                + "  --file-only       do not touch a database; only rewrite the file\n";
    }

    @Override public int run(Invocation inv) throws SandboxException {
        Arguments a = Arguments.parse(inv.args(), Set.of("--file-only"), Set.of("--file", "--container"))
                .atMostPositionals(0);
        SecretFile file = SecretsCommand.file(inv, a);
        PasswordChange db;
        Optional<PostgresSidecar> sidecar = Optional.empty();
        if (a.has("--file-only")) {
            db = PasswordChange.none();
        } else {
            ContainerRuntime runtime = runtime(inv).orElseThrow(() -> new SandboxException(
                    "no container runtime available to reach the database sidecar", null,
                    "pass --file-only to rotate only the file", null));
            String container = a.value("--container").orElse(DatabaseSettings.container(inv.settings()));
            sidecar = Optional.of(new PostgresSidecar(runtime, container, inv.settings().get("db.login-host")));
            db = sidecar.get();
        }
        Rotated r = file.rotate(db);
        sidecar.ifPresent(s -> s.warnings().forEach(inv.console()::warn));
        r.notes().forEach(n -> (r.databaseChanged() ? inv.console().out() : inv.console().err()).println(
                (r.databaseChanged() ? "" : "sandbox: note: ") + n));
        inv.console().out().println("rotated the password in " + inv.project().display(r.path()));
        // The agent read the file when it was created; up recreates it when the file changed.
        inv.console().out().println("run 'sandbox up' so the agent container gets the new password");
        return 0;
    }

    private static Optional<ContainerRuntime> runtime(Invocation inv) {
        try {
            return inv.services().find(ContainerRuntime.class);
        } catch (ServiceConfigurationError e) {
            // A CLI without 'uses sandbox.api.ContainerRuntime' cannot look one up: same as none.
            return Optional.empty();
        }
    }
}
