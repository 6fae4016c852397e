package sandbox.api;

import java.util.List;

/**
 * Everything a command needs from its caller: its own arguments (global flags already
 * removed), the project it works on, the resolved settings, where to print, and the other
 * services on the module path.
 */
public record Invocation(List<String> args, Project project, Settings settings, Console console, Services services) {
    public Invocation {
        args = List.copyOf(args);
    }

    public Invocation withArgs(List<String> newArgs) {
        return new Invocation(newArgs, project, settings, console, services);
    }
}
