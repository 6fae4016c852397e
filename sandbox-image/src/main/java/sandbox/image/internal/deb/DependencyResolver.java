package sandbox.image.internal.deb;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import sandbox.api.SandboxException;

/**
 * Closes a list of wanted packages over {@code Depends} and {@code Pre-Depends}, the way a
 * plain {@code apt-get install --no-install-recommends} would for a fresh install:
 * <ul>
 *   <li>a relation the base (or an already chosen package) satisfies, by name or by
 *       {@code Provides}, adds nothing;</li>
 *   <li>alternatives {@code a | b} are tried in order, as apt does;</li>
 *   <li>a real package wins over providers of a virtual name; among providers the
 *       lowest name wins, so the result is deterministic;</li>
 *   <li>the highest version that satisfies the constraint is chosen.</li>
 * </ul>
 * Recommends, Suggests, Conflicts and Breaks are not considered (see README, "Locked packages").
 */
public final class DependencyResolver {

    private final PackageIndex index;
    private final InstalledSet base;

    public DependencyResolver(PackageIndex index, InstalledSet base) {
        this.index = index;
        this.base = base;
    }

    /** The packages to add, sorted by name. */
    public List<Candidate> resolve(List<String> wanted) throws SandboxException {
        SortedMap<String, Candidate> chosen = new TreeMap<>();
        record Need(List<Relation> alternatives, String requiredBy) { }
        Deque<Need> queue = new ArrayDeque<>();
        for (String w : wanted) {
            queue.add(new Need(List.of(Relation.parse(w, "wanted package list")), "the wanted list"));
        }
        while (!queue.isEmpty()) {
            Need need = queue.removeFirst();
            if (need.alternatives().stream().anyMatch(r -> base.satisfies(r) || satisfiedByChosen(r, chosen))) {
                continue;
            }
            Candidate pick = null;
            for (Relation r : need.alternatives()) {
                Optional<Candidate> c = best(r);
                if (c.isPresent()) {
                    pick = c.get();
                    break;
                }
            }
            if (pick == null) {
                throw new SandboxException("cannot satisfy '" + describe(need.alternatives()) + "' (required by "
                        + need.requiredBy() + ")", null,
                        "is the package in the configured suites for this architecture?", null);
            }
            Candidate previous = chosen.get(pick.name());
            if (previous != null) {
                throw new SandboxException("conflicting versions of " + pick.name() + ": " + previous.version()
                        + " is chosen but " + need.requiredBy() + " needs '" + describe(need.alternatives()) + "'");
            }
            chosen.put(pick.name(), pick);
            for (List<Relation> group : pick.requirements()) {
                queue.add(new Need(group, pick.name() + " " + pick.version()));
            }
        }
        return List.copyOf(chosen.values());
    }

    private Optional<Candidate> best(Relation r) throws SandboxException {
        for (Candidate c : index.versions(r.name())) {
            if (r.satisfiedBy(Optional.of(c.version()))) {
                return Optional.of(c);
            }
        }
        for (Candidate c : index.providersOf(r.name())) {
            for (Candidate.Provided p : c.provided()) {
                if (p.name().equals(r.name()) && r.satisfiedBy(p.version())) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean satisfiedByChosen(Relation r, SortedMap<String, Candidate> chosen) {
        Candidate c = chosen.get(r.name());
        if (c != null && r.satisfiedBy(Optional.of(c.version()))) {
            return true;
        }
        for (Candidate other : chosen.values()) {
            try {
                for (Candidate.Provided p : other.provided()) {
                    if (p.name().equals(r.name()) && r.satisfiedBy(p.version())) {
                        return true;
                    }
                }
            } catch (SandboxException e) {
                return false;   // unparsable Provides was already reported when it was indexed
            }
        }
        return false;
    }

    private static String describe(List<Relation> alternatives) {
        return String.join(" | ", alternatives.stream().map(Relation::toString).toList());
    }
}
