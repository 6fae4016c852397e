package sandbox.api;

import java.io.PrintStream;

/**
 * Where a command's output goes. Libraries never print; commands print results to
 * {@link #out()} and progress through {@link #progress(String)}, which the CLI renders as
 * it sees fit (plain lines, a TTY status line, nothing with {@code -q}).
 */
public interface Console {

    enum Verbosity { QUIET, NORMAL, VERBOSE }

    PrintStream out();

    PrintStream err();

    Verbosity verbosity();

    /** True when stdout is a terminal (progress bars, colour). */
    boolean interactive();

    /** A progress line: a step starting or finishing. Suppressed with {@code -q}. */
    default void progress(String message) {
        if (verbosity() != Verbosity.QUIET) {
            err().println(message);
        }
    }

    /** A warning the user must see, even with {@code -q}. */
    default void warn(String message) {
        err().println("sandbox: warning: " + message);
    }

    static Console of(PrintStream out, PrintStream err, Verbosity verbosity, boolean interactive) {
        return new Console() {
            @Override public PrintStream out() { return out; }
            @Override public PrintStream err() { return err; }
            @Override public Verbosity verbosity() { return verbosity; }
            @Override public boolean interactive() { return interactive; }
        };
    }
}
