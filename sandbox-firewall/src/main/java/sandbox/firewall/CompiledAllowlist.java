package sandbox.firewall;

import inet.ipaddr.Address;
import inet.ipaddr.IPAddress;
import java.util.List;
import sandbox.firewall.internal.compile.Manifest;
import sandbox.firewall.internal.parse.Addresses;

/**
 * The result of {@link Allowlist#compile()}: minimal, sorted v4 and v6 prefix-block sets, the
 * contributions they were merged from (why each address is allowed), the counts per source
 * and every diagnostic. {@link #manifest()} is the {@code manifest.json} of the firewall folder.
 */
public final class CompiledAllowlist {

    /** What one source (a file or a feed) gave: its entries, and the distinct blocks before merging. */
    public record SourceCount(String source, int entries, int v4, int v6) { }

    private final Mode mode;
    private final List<IPAddress> v4;
    private final List<IPAddress> v6;
    private final List<Contribution> contributions;
    private final List<Diagnostic> diagnostics;
    private final List<SourceCount> counts;

    public CompiledAllowlist(Mode mode, List<IPAddress> v4, List<IPAddress> v6, List<Contribution> contributions,
                             List<Diagnostic> diagnostics, List<SourceCount> counts) {
        this.mode = mode;
        this.v4 = v4.stream().sorted(Address.ADDRESS_LOW_VALUE_COMPARATOR).toList();
        this.v6 = v6.stream().sorted(Address.ADDRESS_LOW_VALUE_COMPARATOR).toList();
        this.contributions = List.copyOf(contributions);
        this.diagnostics = List.copyOf(diagnostics);
        this.counts = List.copyOf(counts);
    }

    public Mode mode() {
        return mode;
    }

    /** The merged IPv4 prefix blocks, sorted. */
    public List<IPAddress> v4() {
        return v4;
    }

    /** The merged IPv6 prefix blocks, sorted. */
    public List<IPAddress> v6() {
        return v6;
    }

    public List<String> v4Cidrs() {
        return v4.stream().map(Addresses::cidr).toList();
    }

    public List<String> v6Cidrs() {
        return v6.stream().map(Addresses::cidr).toList();
    }

    public List<Contribution> contributions() {
        return contributions;
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> d.severity() == Diagnostic.Severity.WARNING).toList();
    }

    public List<SourceCount> counts() {
        return counts;
    }

    /** Whether a merged block contains {@code address}. */
    public boolean allows(IPAddress address) {
        return (address.isIPv4() ? v4 : v6).stream().anyMatch(b -> b.contains(address));
    }

    /** The contributions whose block contains {@code address}: empty when it is not allowed. */
    public List<Contribution> explain(IPAddress address) {
        return contributions.stream().filter(c -> c.block().getIPVersion() == address.getIPVersion()
                && c.block().contains(address)).toList();
    }

    /** {@code manifest.json}: mode, the CIDR lists, counts per source, warnings, notes and errors. */
    public byte[] manifest() {
        return Manifest.of(this);
    }

    /** {@code provenance.json}: every contribution, for {@code sandbox firewall explain}. */
    public byte[] provenance() {
        return Manifest.provenance(this);
    }
}
