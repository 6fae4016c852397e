package sandbox.secrets.internal.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import sandbox.api.Arguments;
import sandbox.api.CommandGroup;
import sandbox.api.Invocation;
import sandbox.api.SandboxException;
import sandbox.api.UsageException;
import sandbox.secrets.CheckReport;
import sandbox.secrets.Ensured;
import sandbox.secrets.Secret;
import sandbox.secrets.SecretEnv;
import sandbox.secrets.SecretFile;
import sandbox.secrets.internal.DatabaseSettings;

/** {@code sandbox secrets …}: the 0600 secret env file. Thin: the work is in {@link SecretFile}. */
public final class SecretsCommand extends CommandGroup {

    static final String FILE_OPTION = "  --file PATH   the secret env file (default: .devcontainer/.env in the project)\n";

    @Override
    public String name() {
        return "secrets";
    }

    @Override
    public String summary() {
        return "the 0600 secret env file (.devcontainer/.env)";
    }

    @Override
    protected List<Subcommand> subcommands() {
        return List.of(new Init(), new Check(), new Show(), new RotateCommand(), new PathCommand());
    }

    /** The file the command works on: {@code --file} or the project's. */
    static SecretFile file(Invocation inv, Arguments args) throws SandboxException {
        Path path = args.value("--file").map(Path::of).orElse(inv.project().envFile());
        return SecretFile.at(path).withDatabase(DatabaseSettings.database(inv.settings()))
                .displayedAs(inv.project().display(path));
    }

    static final class Init implements Subcommand {
        @Override public String name() { return "init"; }

        @Override public String summary() { return "create the file if missing; repair its mode, keys and git ignore"; }

        @Override public String usage() {
            return "Usage: sandbox secrets init [--file PATH]\n\n"
                    + "Creates the secret file (mode 0600, atomically, never overwriting an existing one),\n"
                    + "re-secures a too-open mode, adds missing keys and makes git ignore it.\n"
                    + "Running it again changes nothing.\n\n" + FILE_OPTION;
        }

        @Override public int run(Invocation inv) throws SandboxException {
            Arguments a = Arguments.parse(inv.args(), Set.of(), Set.of("--file")).atMostPositionals(0);
            SecretFile file = file(inv, a);
            Ensured e = file.ensure();
            e.warnings().forEach(inv.console()::warn);
            e.notes().forEach(inv.console()::progress);
            String name = file.displayName();
            if (e.created()) {
                inv.console().out().println("created " + name + " (mode 0600)");
            }
            if (!e.addedKeys().isEmpty()) {
                inv.console().out().println("added " + String.join(", ", e.addedKeys()) + " to " + name);
            }
            if (e.modeRepaired()) {
                inv.console().out().println("re-secured " + name + " to mode 0600");
            }
            if (e.unchanged()) {
                inv.console().out().println(name + " is in place (unchanged)");
            }
            return 0;
        }
    }

    static final class Check implements Subcommand {
        @Override public String name() { return "check"; }

        @Override public String summary() { return "exit 1 on a wrong mode, symlink, tracked file or bad content"; }

        @Override public String usage() {
            return "Usage: sandbox secrets check [--file PATH]\n\n"
                    + "Checks the secret file and changes nothing. Exits 1 with the reasons when it is\n"
                    + "missing, a symlink, not mode 0600, tracked or not ignored by git, malformed or\n"
                    + "incomplete, or when an interrupted rotation left its .previous file.\n\n" + FILE_OPTION;
        }

        @Override public int run(Invocation inv) throws SandboxException {
            Arguments a = Arguments.parse(inv.args(), Set.of(), Set.of("--file")).atMostPositionals(0);
            CheckReport r = file(inv, a).check();
            r.notes().forEach(inv.console()::progress);
            if (r.ok()) {
                inv.console().out().println("ok: " + inv.project().display(r.path()));
                return 0;
            }
            r.problems().forEach(p -> inv.console().err().println("sandbox: " + p));
            return 1;
        }
    }

    static final class Show implements Subcommand {
        @Override public String name() { return "show"; }

        @Override public String summary() { return "print the keys, secret values masked; --reveal KEY prints one"; }

        @Override public String usage() {
            return "Usage: sandbox secrets show [--file PATH] [--reveal KEY]\n\n"
                    + "Prints each key; values that are or may be secret are masked.\n"
                    + "  --reveal KEY  print only that key's value (on explicit request)\n" + FILE_OPTION;
        }

        @Override public int run(Invocation inv) throws SandboxException {
            Arguments a = Arguments.parse(inv.args(), Set.of(), Set.of("--file", "--reveal")).atMostPositionals(0);
            SecretEnv env = file(inv, a).read();
            if (a.value("--reveal").isPresent()) {
                String key = a.value("--reveal").get();
                Secret value = env.get(key).orElseThrow(() -> new UsageException("no key '" + key + "' in the file",
                        "one of " + String.join(", ", env.keys())));
                inv.console().out().println(value.reveal());
                return 0;
            }
            env.masked().forEach(inv.console().out()::println);
            return 0;
        }
    }

    static final class PathCommand implements Subcommand {
        @Override public String name() { return "path"; }

        @Override public String summary() { return "print where the secret file lives"; }

        @Override public String usage() {
            return "Usage: sandbox secrets path\n\nPrints the absolute path of the project's secret env file.";
        }

        @Override public int run(Invocation inv) throws SandboxException {
            Arguments.parse(inv.args(), Set.of(), Set.of()).atMostPositionals(0);
            inv.console().out().println(inv.project().envFile());
            return 0;
        }
    }
}
