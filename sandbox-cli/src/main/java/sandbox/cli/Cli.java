package sandbox.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import sandbox.api.Command;
import sandbox.api.CommandGroup;
import sandbox.api.Console;
import sandbox.api.Invocation;
import sandbox.api.Project;
import sandbox.api.SandboxException;
import sandbox.api.Settings;
import sandbox.api.UsageException;

/**
 * Global flags, dispatch and error reporting. Exit codes: 0 ok, 1 failure, 2 usage.
 * Errors are one line on stderr ({@code sandbox: …}); {@code --debug} adds the stack trace.
 */
public final class Cli {

    private final CommandCatalog catalog;
    private final Map<String, String> environment;
    private final Path workingDirectory;

    public Cli(CommandCatalog catalog, Map<String, String> environment, Path workingDirectory) {
        this.catalog = catalog;
        this.environment = Map.copyOf(environment);
        this.workingDirectory = workingDirectory;
    }

    /** Global flags, recognised before the command name and anywhere after it (up to {@code --}). */
    record Globals(boolean debug, Console.Verbosity verbosity, int verboseCount, List<String> rest) {
        static Globals parse(String[] argv) {
            boolean debug = false;
            int verbose = 0;
            boolean quiet = false;
            List<String> rest = new ArrayList<>();
            boolean passThrough = false;
            for (String a : argv) {
                if (passThrough) {
                    rest.add(a);
                } else if (a.equals("--")) {
                    passThrough = true;
                    rest.add(a);
                } else if (a.equals("--debug")) {
                    debug = true;
                } else if (a.equals("-v") || a.equals("--verbose")) {
                    verbose++;
                } else if (a.equals("-vv")) {
                    verbose += 2;
                } else if (a.equals("-q") || a.equals("--quiet")) {
                    quiet = true;
                } else {
                    rest.add(a);
                }
            }
            Console.Verbosity v = quiet ? Console.Verbosity.QUIET
                    : verbose > 0 ? Console.Verbosity.VERBOSE : Console.Verbosity.NORMAL;
            return new Globals(debug, v, debug ? Math.max(verbose, 2) : verbose, rest);
        }
    }

    public int run(String[] argv, PrintStream out, PrintStream err) {
        Globals globals = Globals.parse(argv);
        configureLogging(globals);
        List<String> args = globals.rest();
        try {
            if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h")) {
                out.print(HelpText.overview(catalog));
                return args.isEmpty() ? 2 : 0;
            }
            String first = args.get(0);
            if (first.equals("--version") || first.equals("-V") || first.equals("version")) {
                out.println("sandbox " + version());
                return 0;
            }
            if (first.equals("help")) {
                return help(args.subList(1, args.size()), out);
            }
            if (first.startsWith("-")) {
                throw new UsageException("unknown option '" + first + "'", "see 'sandbox --help'");
            }
            Command command = catalog.find(first).orElseThrow(() -> unknownCommand(first));
            List<String> commandArgs = args.subList(1, args.size());
            if (commandArgs.size() == 1 && (commandArgs.get(0).equals("--help") || commandArgs.get(0).equals("-h"))) {
                out.print(HelpText.usage(command));
                return 0;
            }
            Console console = Console.of(out, err, globals.verbosity(), System.console() != null);
            Project project = Project.discover(projectStart());
            Invocation invocation = new Invocation(commandArgs, project, settings(project, err), console,
                    new CliServices(environment));
            return command.run(invocation);
        } catch (SandboxException e) {
            err.println("sandbox: " + e.oneLine());
            if (globals.debug()) {
                e.printStackTrace(err);
            }
            return e.exitCode();
        } catch (RuntimeException e) {
            // A bug, not a user error: still one line unless --debug.
            err.println("sandbox: internal error: " + e + (globals.debug() ? "" : " (run with --debug for details)"));
            if (globals.debug()) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    private int help(List<String> names, PrintStream out) throws UsageException {
        if (names.isEmpty()) {
            out.print(HelpText.overview(catalog));
            return 0;
        }
        Command command = catalog.find(names.get(0)).orElseThrow(() -> unknownCommand(names.get(0)));
        if (names.size() == 1) {
            out.print(HelpText.usage(command));
            return 0;
        }
        if (!(command instanceof CommandGroup group) || names.size() > 2) {
            throw new UsageException("'help " + String.join(" ", names) + "' names no subcommand",
                    "sandbox help COMMAND [SUBCOMMAND]");
        }
        String sub = names.get(1);
        String text = group.usage(sub).orElseThrow(() -> new UsageException(
                "unknown subcommand '" + command.name() + " " + sub + "'",
                Nearest.among(sub, group.subcommandNames()).map(n -> "did you mean '" + n + "'? ").orElse("")
                        + "one of " + String.join(", ", group.subcommandNames())));
        out.print(text.endsWith("\n") ? text : text + "\n");
        return 0;
    }

    private UsageException unknownCommand(String typed) {
        Optional<String> nearest = catalog.nearest(typed);
        return new UsageException("unknown command '" + typed + "'",
                nearest.map(n -> "did you mean '" + n + "'? see 'sandbox --help'").orElse("see 'sandbox --help'"));
    }

    private Path projectStart() {
        String explicit = environment.get("SANDBOX_PROJECT");
        return explicit != null && !explicit.isBlank() ? Path.of(explicit) : workingDirectory;
    }

    private Settings settings(Project project, PrintStream err) throws SandboxException {
        Settings settings = Settings.load(project, environment);
        if (java.nio.file.Files.isRegularFile(project.properties())) {
            Set<String> known = PropertiesCheck.known();
            if (!known.isEmpty()) {
                PropertiesCheck.warnings(project.properties(), project.display(project.properties()), known)
                        .forEach(w -> err.println("sandbox: " + w));
            }
        }
        return settings;
    }

    private static void configureLogging(Globals globals) {
        String level = globals.verboseCount() >= 2 ? "DEBUG" : globals.verboseCount() == 1 ? "INFO" : "WARN";
        System.setProperty("sandbox.log.level", level);
    }

    static String version() {
        try (InputStream in = Cli.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
