package sandbox.image.internal.lock;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import sandbox.image.Lockfile;
import sandbox.image.PlatformLock;

/** What changed between two locks, one line per package: {@code + added}, {@code - removed}, {@code ~ changed}. */
public final class LockDiff {

    private LockDiff() { }

    public static List<String> between(Optional<Lockfile> before, Lockfile after) {
        List<String> out = new ArrayList<>();
        if (before.isEmpty()) {
            out.add("new lock");
        } else if (!before.get().base().digest().equals(after.base().digest())) {
            out.add("~ base " + before.get().base().digest() + " -> " + after.base().digest());
        }
        for (String arch : new TreeSet<>(after.platforms().keySet())) {
            PlatformLock a = after.platforms().get(arch);
            PlatformLock b = before.flatMap(l -> l.platform(arch)).orElse(new PlatformLock(List.of(), List.of()));
            diff(arch + " deb", versions(b.debian().stream().map(p -> Map.entry(p.name(), p.version())).toList()),
                    versions(a.debian().stream().map(p -> Map.entry(p.name(), p.version())).toList()), out);
            diff(arch + " npm", versions(b.npm().stream().map(p -> Map.entry(p.name(), p.version())).toList()),
                    versions(a.npm().stream().map(p -> Map.entry(p.name(), p.version())).toList()), out);
        }
        return out;
    }

    private static Map<String, String> versions(List<Map.Entry<String, String>> entries) {
        Map<String, String> m = new TreeMap<>();
        entries.forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    private static void diff(String kind, Map<String, String> before, Map<String, String> after, List<String> out) {
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String n : names) {
            String b = before.get(n);
            String a = after.get(n);
            if (b == null) {
                out.add("+ " + kind + " " + n + " " + a);
            } else if (a == null) {
                out.add("- " + kind + " " + n + " " + b);
            } else if (!a.equals(b)) {
                out.add("~ " + kind + " " + n + " " + b + " -> " + a);
            }
        }
    }
}
