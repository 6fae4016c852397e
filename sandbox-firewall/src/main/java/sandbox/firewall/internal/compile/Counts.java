package sandbox.firewall.internal.compile;

import inet.ipaddr.IPAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sandbox.firewall.CompiledAllowlist.SourceCount;
import sandbox.firewall.Contribution;

/** Per source (a file or a feed): its entries and the distinct v4/v6 blocks it contributed before merging. */
final class Counts {

    private Counts() {
    }

    static List<SourceCount> of(Map<String, Integer> entriesPerFile, List<Contribution> contributions) {
        Map<String, Set<IPAddress>> v4 = new LinkedHashMap<>();
        Map<String, Set<IPAddress>> v6 = new LinkedHashMap<>();
        entriesPerFile.keySet().forEach(f -> {
            v4.put(f, new HashSet<>());
            v6.put(f, new HashSet<>());
        });
        for (Contribution c : contributions) {
            (c.block().isIPv4() ? v4 : v6).computeIfAbsent(c.origin(), k -> new HashSet<>()).add(c.block());
            (c.block().isIPv4() ? v6 : v4).computeIfAbsent(c.origin(), k -> new HashSet<>());
        }
        List<SourceCount> out = new ArrayList<>();
        for (String source : v4.keySet()) {
            out.add(new SourceCount(source, entriesPerFile.getOrDefault(source, 0), v4.get(source).size(), v6.get(source).size()));
        }
        return out;
    }
}
