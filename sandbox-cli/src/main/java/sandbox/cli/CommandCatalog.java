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
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : byName.keySet()) {
            int d = editDistance(typed, name);
            if (d < bestDistance || (name.startsWith(typed) && d == bestDistance)) {
                best = name;
                bestDistance = d;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        boolean close = bestDistance <= Math.max(1, typed.length() / 3) || best.startsWith(typed);
        return close ? Optional.of(best) : Optional.empty();
    }

    // Levenshtein distance over two rows; names are short.
    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
