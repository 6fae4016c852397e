package sandbox.image.internal;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.event.events.ProgressEvent;
import com.google.cloud.tools.jib.event.progress.Allocation;
import java.util.function.Consumer;
import sandbox.image.ImageEvent;

/** Turns Jib's events into {@link ImageEvent}s. Jib fires them from its worker threads. */
final class JibEvents {

    private final Consumer<ImageEvent> events;
    private double done;

    JibEvents(Consumer<ImageEvent> events) {
        this.events = events;
    }

    void attach(Containerizer containerizer) {
        containerizer.addEventHandler(ProgressEvent.class, this::progress);
        containerizer.addEventHandler(LogEvent.class, this::log);
    }

    synchronized void progress(ProgressEvent e) {
        Allocation a = e.getAllocation();
        // Each event is an increment of its allocation, which is a fraction of the whole build.
        done = Math.min(1.0, done + a.getFractionOfRoot() * e.getUnits() / Math.max(1, a.getAllocationUnits()));
        events.accept(new ImageEvent.Progress(done, a.getDescription().replace(TarBase.reference(), "base")));
    }

    synchronized void log(LogEvent e) {
        if (e.getMessage().contains(TarBase.reference())) {
            // Jib's "no digest" warning about the stand-in name of a tar base, whose content the plan hash pins.
            events.accept(new ImageEvent.Detail(e.getMessage()));
            return;
        }
        switch (e.getLevel()) {
            case ERROR, WARN -> events.accept(new ImageEvent.Warning(e.getMessage()));
            case LIFECYCLE -> {
                if (!e.getMessage().isBlank()) {
                    events.accept(new ImageEvent.Step(e.getMessage()));
                }
            }
            default -> events.accept(new ImageEvent.Detail(e.getMessage()));
        }
    }
}
