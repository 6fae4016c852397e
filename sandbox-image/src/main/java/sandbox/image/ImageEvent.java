package sandbox.image;

/** What a build reports while it runs; the library never prints, the caller renders these. */
public sealed interface ImageEvent {

    /** A phase starts: {@code composing package layers}, {@code building image layers}, … */
    record Step(String description) implements ImageEvent { }

    /** Overall completion in [0, 1] and the step the last unit of work belonged to. */
    record Progress(double fraction, String step) implements ImageEvent { }

    /** Something the user should see, even when quiet. */
    record Warning(String message) implements ImageEvent { }

    /** Detail for verbose output. */
    record Detail(String message) implements ImageEvent { }
}
