package sandbox.image.internal.deb;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sandbox.api.SandboxException;

/**
 * The packages an archive offers for one architecture, merged over suites (a point
 * release's suite plus its updates and security suites): every version of every name, and
 * which packages provide each virtual name.
 */
public final class PackageIndex {

    private final Map<String, List<Candidate>> byName = new HashMap<>();
    private final Map<String, List<Candidate>> providers = new HashMap<>();

    /** Adds a {@code Packages} file; packages for other architectures than {@code arch} and "all" are ignored. */
    public PackageIndex add(InputStream packages, String suite, String arch, String where) throws SandboxException {
        List<SandboxException> failure = new ArrayList<>();
        Set<String> archs = Set.of(arch, "all");
        ControlFile.parse(packages, where, s -> {
            if (!failure.isEmpty() || !archs.contains(s.get("Architecture", ""))) {
                return;
            }
            try {
                add(Candidate.of(s, suite, where + ":" + s.line()));
            } catch (SandboxException e) {
                failure.add(e);
            }
        });
        if (!failure.isEmpty()) {
            throw failure.get(0);
        }
        return this;
    }

    public PackageIndex add(Candidate c) throws SandboxException {
        byName.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(c);
        for (Candidate.Provided p : c.provided()) {
            providers.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(c);
        }
        return this;
    }

    /** Real packages called {@code name}, highest version first (a tie keeps the first suite added). */
    public List<Candidate> versions(String name) {
        List<Candidate> list = new ArrayList<>(byName.getOrDefault(name, List.of()));
        list.sort(Comparator.comparing(Candidate::version).reversed());
        return list;
    }

    /** Packages that provide {@code name}, by package name then highest version. */
    public List<Candidate> providersOf(String name) {
        List<Candidate> list = new ArrayList<>(providers.getOrDefault(name, List.of()));
        list.sort(Comparator.comparing(Candidate::name).thenComparing(Candidate::version, Comparator.reverseOrder()));
        return list;
    }

    public int size() {
        return byName.values().stream().mapToInt(List::size).sum();
    }
}
