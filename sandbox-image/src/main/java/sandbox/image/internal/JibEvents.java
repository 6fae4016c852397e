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
    private final boolean toTar;
    private double done;

    JibEvents(Consumer<ImageEvent> events) {
        this(events, false);
    }

    /** @param toTar Jib's daemon step writes the tar ({@link TarWrite}): say so instead of "loading to Docker daemon" */
    JibEvents(Consumer<ImageEvent> events, boolean toTar) {
        this.events = events;
        this.toTar = toTar;
    }

    private String text(String jibText) {
        String t = jibText.replace(TarBase.reference(), "base");
        return toTar ? t.replace("Loading to Docker daemon", "Writing the tar").replace("loading to Docker daemon", "writing the tar") : t;
    }

    void attach(Containerizer containerizer) {
        containerizer.addEventHandler(ProgressEvent.class, this::progress);
        containerizer.addEventHandler(LogEvent.class, this::log);
    }

    synchronized void progress(ProgressEvent e) {
        Allocation a = e.getAllocation();
        // Each event is an increment of its allocation, which is a fraction of the whole build.
        done = Math.min(1.0, done + a.getFractionOfRoot() * e.getUnits() / Math.max(1, a.getAllocationUnits()));
        events.accept(new ImageEvent.Progress(done, text(a.getDescription())));
    }

    synchronized void log(LogEvent e) {
        if (e.getMessage().contains(TarBase.reference())) {
            // Jib's "no digest" warning about the stand-in name of a tar base, whose content the plan hash pins.
            events.accept(new ImageEvent.Detail(e.getMessage()));
            return;
        }
        String message = text(e.getMessage());
        switch (e.getLevel()) {
            case ERROR, WARN -> events.accept(new ImageEvent.Warning(message));
            case LIFECYCLE -> {
                if (!message.isBlank()) {
                    events.accept(new ImageEvent.Step(message));
                }
            }
            default -> events.accept(new ImageEvent.Detail(message));
        }
    }
}
