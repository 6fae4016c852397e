package sandbox.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import sandbox.api.Command;

/** Every command found on the module path, by name and grouped by the module that provides it. */
public final class CommandCatalog {

    private final Map<String, Command> byName;

    public CommandCatalog(List<Command> commands) {
        Map<String, Command> map = new TreeMap<>();
        for (Command c : commands) {
            Command previous = map.putIfAbsent(c.name(), c);
            if (previous != null) {
                throw new IllegalStateException("two modules provide the command '" + c.name() + "': "
                        + moduleOf(previous) + " and " + moduleOf(c));
            }
        }
        this.byName = map;
    }

    public static CommandCatalog load() {
        List<Command> found = new ArrayList<>();
        ServiceLoader.load(Command.class).forEach(found::add);
        return new CommandCatalog(found);
    }

    public Optional<Command> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** Module name → its commands, the CLI's own module first, then alphabetical. */
    public Map<String, List<Command>> byModule() {
        Map<String, List<Command>> groups = new TreeMap<>(Comparator
                .comparing((String m) -> !m.equals(CommandCatalog.class.getModule().getName()))
                .thenComparing(Comparator.naturalOrder()));
        byName.values().forEach(c -> groups.computeIfAbsent(moduleOf(c), k -> new ArrayList<>()).add(c));
        return new LinkedHashMap<>(groups);
    }

    static String moduleOf(Command c) {
        String name = c.getClass().getModule().getName();
        return name == null ? "(class path)" : name;
    }

    /** The known name closest to {@code typed}, when it is close enough to be a typo. */
    public Optional<String> nearest(String typed) {
        return Nearest.among(typed, byName.keySet());
    }

    static int editDistance(String a, String b) {
        return Nearest.editDistance(a, b);
    }
}
