package sandbox.image.internal;

import java.io.PrintStream;
import java.util.function.Consumer;
import sandbox.api.Console;
import sandbox.image.ImageEvent;

/**
 * Renders build events on a {@link Console}: a one-line bar with the current step on a
 * terminal, a plain line per step (and per tenth of progress) otherwise, warnings only with -q.
 */
public final class ConsoleProgress implements Consumer<ImageEvent> {

    private static final int WIDTH = 24;
    private final Console console;
    private String step = "";
    private int percent = -1;
    private boolean barShown;

    public ConsoleProgress(Console console) {
        this.console = console;
    }

    @Override
    public synchronized void accept(ImageEvent event) {
        boolean quiet = console.verbosity() == Console.Verbosity.QUIET;
        if (event instanceof ImageEvent.Warning w) {
            clearBar();
            console.warn(w.message());
            return;
        }
        if (quiet) {
            return;
        }
        if (event instanceof ImageEvent.Step s) {
            step = s.description();
            if (console.interactive()) {
                drawBar();
            } else {
                console.progress("[build] " + s.description());
            }
        } else if (event instanceof ImageEvent.Progress p) {
            int now = (int) Math.floor(p.fraction() * 100);
            boolean changed = now != percent || !p.step().equals(step);
            if (console.interactive() && changed) {
                percent = now;
                step = p.step();
                drawBar();
            } else if (!console.interactive() && now / 10 > Math.max(percent, 0) / 10) {
                percent = now;
                console.progress("[build] " + now + "% " + p.step());
            }
        } else if (event instanceof ImageEvent.Detail d && console.verbosity() == Console.Verbosity.VERBOSE) {
            clearBar();
            console.progress("[build] " + d.message());
        }
    }

    /** Ends the bar line, so the result line starts on its own. */
    public synchronized void finish() {
        clearBar();
    }

    private void drawBar() {
        int shown = Math.max(0, percent);
        int filled = shown * WIDTH / 100;
        String text = String.format("\r[%s%s] %3d%% %s", "#".repeat(filled), "-".repeat(WIDTH - filled), shown, step);
        PrintStream err = console.err();
        err.print((text.length() > 100 ? text.substring(0, 100) : text) + "\u001b[K");
        err.flush();
        barShown = true;
    }

    private void clearBar() {
        if (barShown) {
            console.err().print("\r\u001b[K");
            console.err().flush();
            barShown = false;
        }
    }
}
