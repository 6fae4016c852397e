package sandbox.image.internal.deb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import sandbox.api.SandboxException;

/** The packages a base image already has, read from its {@code /var/lib/dpkg/status}. */
public final class InstalledSet {

    private final SortedMap<String, DebVersion> versions = new TreeMap<>();
    private final SortedMap<String, String> architectures = new TreeMap<>();
    private final Map<String, List<Optional<DebVersion>>> provided = new HashMap<>();

    public static InstalledSet empty() {
        return new InstalledSet();
    }

    /** Only packages whose status is {@code install ok installed} count. */
    public static InstalledSet fromStatus(String statusText, String where) throws SandboxException {
        InstalledSet set = new InstalledSet();
        for (Stanza s : ControlFile.parse(statusText, where)) {
            if (!s.get("Status", "").strip().endsWith(" installed")) {
                continue;
            }
            String name = s.get("Package").orElseThrow(() ->
                    new SandboxException("status stanza without Package", where + ":" + s.line(), null, null));
            set.versions.put(name, DebVersion.parse(s.get("Version", "0")));
            set.architectures.put(name, s.get("Architecture", ""));
            for (List<Relation> g : Relation.parseField(s.get("Provides", ""), where + ":" + s.line())) {
                for (Relation r : g) {
                    set.provided.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r.version());
                }
            }
        }
        return set;
    }

    public boolean satisfies(Relation r) {
        DebVersion v = versions.get(r.name());
        if (v != null && r.satisfiedBy(Optional.of(v))) {
            return true;
        }
        return provided.getOrDefault(r.name(), List.of()).stream().anyMatch(r::satisfiedBy);
    }

    public Optional<DebVersion> version(String name) {
        return Optional.ofNullable(versions.get(name));
    }

    /** Name → version, sorted by name. */
    public SortedMap<String, DebVersion> versions() {
        return versions;
    }

    public String architecture(String name) {
        return architectures.getOrDefault(name, "");
    }
}
