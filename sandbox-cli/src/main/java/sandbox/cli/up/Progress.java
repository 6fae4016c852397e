package sandbox.cli.up;

import java.util.function.LongSupplier;
import sandbox.api.Console;

/**
 * Each step of a long command as it runs: on a terminal with the elapsed time, otherwise
 * plain lines; nothing with {@code -q} (the console drops progress then).
 */
public final class Progress {

    private final Console console;
    private final LongSupplier nanos;
    private final long start;
    private final String prefix;

    public Progress(Console console, String prefix) {
        this(console, prefix, System::nanoTime);
    }

    Progress(Console console, String prefix, LongSupplier nanos) {
        this.console = console;
        this.prefix = prefix;
        this.nanos = nanos;
        this.start = nanos.getAsLong();
    }

    public void step(String message) {
        if (console.interactive()) {
            console.progress(String.format("[%5.1fs] %s", elapsedMillis() / 1000.0, message));
        } else {
            console.progress(prefix + ": " + message);
        }
    }

    public long elapsedMillis() {
        return (nanos.getAsLong() - start) / 1_000_000;
    }
}
