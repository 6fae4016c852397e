package sandbox.firewall.internal.policy;

import inet.ipaddr.IPAddress;
import java.util.List;
import sandbox.firewall.internal.parse.Addresses;
import sandbox.firewall.Mode;

/**
 * What may be allowlisted. Thresholds (README, "Firewall"):
 * <ul>
 * <li>refused in every mode: unspecified, loopback, link-local, multicast, IPv4 broadcast and
 *     reserved (240.0.0.0/4), "this network" (0.0.0.0/8), IPv4-mapped IPv6 — a block inside
 *     one of those;</li>
 * <li>refused in strict mode: IPv4 blocks shorter than /8, IPv6 blocks shorter than /16
 *     (they cover most of the address space), and any block that overlaps a range above;</li>
 * <li>allowed with a note: private and shared ranges (LAN hosts are a real use) and the
 *     documentation ranges.</li>
 * </ul>
 */
public final class Policy {

    /** Strict mode refuses IPv4 prefixes shorter than this. */
    public static final int MIN_V4_PREFIX = 8;
    /** Strict mode refuses IPv6 prefixes shorter than this. */
    public static final int MIN_V6_PREFIX = 16;

    /** A special range; {@code note} is precomputed because it is asked for once per entry in it. */
    private record Range(IPAddress block, String what, String note) {
        Range(IPAddress block, String what) {
            this(block, what, what + " (" + Addresses.cidr(block) + "): reachable only where the container's network routes to it");
        }
    }

    private static final List<Range> FORBIDDEN = List.of(
            range("0.0.0.0/8", "the unspecified / this-network range"),
            range("127.0.0.0/8", "loopback"),
            range("169.254.0.0/16", "link-local"),
            range("224.0.0.0/4", "multicast"),
            range("240.0.0.0/4", "reserved (and broadcast)"),
            range("::/128", "the unspecified address"),
            range("::1/128", "loopback"),
            range("::ffff:0:0/96", "IPv4-mapped IPv6"),
            range("fe80::/10", "link-local"),
            range("ff00::/8", "multicast"));

    private static final List<Range> FORBIDDEN_V4 = FORBIDDEN.stream().filter(r -> r.block().isIPv4()).toList();
    private static final List<Range> FORBIDDEN_V6 = FORBIDDEN.stream().filter(r -> r.block().isIPv6()).toList();

    private static final List<Range> NOTED = List.of(
            range("10.0.0.0/8", "a private range"),
            range("172.16.0.0/12", "a private range"),
            range("192.168.0.0/16", "a private range"),
            range("100.64.0.0/10", "the shared (carrier-grade NAT) range"),
            range("fc00::/7", "a unique-local (private) range"),
            range("192.0.2.0/24", "a documentation range"),
            range("198.51.100.0/24", "a documentation range"),
            range("203.0.113.0/24", "a documentation range"),
            range("2001:db8::/32", "a documentation range"));

    private static final List<Range> NOTED_V4 = NOTED.stream().filter(r -> r.block().isIPv4()).toList();
    private static final List<Range> NOTED_V6 = NOTED.stream().filter(r -> r.block().isIPv6()).toList();

    /** The verdict on one address or block. A note names the range only, so notes on many entries group. */
    public sealed interface Verdict {
        record Allowed() implements Verdict { }

        record AllowedWithNote(String note) implements Verdict { }

        /** Allowed only because egress is open anyway (permissive mode). */
        record AllowedWithWarning(String warning) implements Verdict { }

        record Refused(String reason, String hint) implements Verdict { }
    }

    private Policy() {
    }

    /**
     * Only whether {@code address} is refused: the cheap question asked of every resolved
     * address and feed prefix (tens of thousands per compile), same rules as {@link #judge}.
     */
    public static boolean refuses(IPAddress address, Mode mode) {
        List<Range> forbidden = address.isIPv4() ? FORBIDDEN_V4 : FORBIDDEN_V6;
        for (Range r : forbidden) {
            if (r.block().contains(address) || (mode == Mode.STRICT && address.contains(r.block()))) {
                return true;
            }
        }
        Integer prefix = address.getNetworkPrefixLength();
        return mode == Mode.STRICT && prefix != null && prefix < (address.isIPv4() ? MIN_V4_PREFIX : MIN_V6_PREFIX);
    }

    public static Verdict judge(IPAddress address, Mode mode) {
        boolean v4 = address.isIPv4();
        for (Range r : v4 ? FORBIDDEN_V4 : FORBIDDEN_V6) {
            if (r.block().contains(address)) {
                return new Verdict.Refused(Addresses.cidr(address) + " is " + r.what(),
                        r.what().equals("IPv4-mapped IPv6") ? "write the IPv4 address itself"
                                : "loopback, link-local, multicast and unspecified addresses never leave the container");
            }
        }
        Integer prefix = address.getNetworkPrefixLength();
        int min = v4 ? MIN_V4_PREFIX : MIN_V6_PREFIX;
        boolean broad = prefix != null && prefix < min;
        Range overlapped = null;
        for (Range r : v4 ? FORBIDDEN_V4 : FORBIDDEN_V6) {
            if (address.contains(r.block())) {
                overlapped = r;
                break;
            }
        }
        if (mode == Mode.STRICT) {
            if (broad) {
                return new Verdict.Refused(Addresses.cidr(address) + " covers too much of the address space (strict mode refuses IPv"
                        + (v4 ? "4" : "6") + " blocks shorter than /" + min + ")",
                        "use permissive mode (--mode permissive or FIREWALL_MODE=permissive) to open egress, or list narrower blocks");
            }
            if (overlapped != null) {
                return new Verdict.Refused(Addresses.cidr(address) + " includes " + overlapped.what() + " "
                        + Addresses.cidr(overlapped.block()), "list only the routable part of the block");
            }
        } else if (broad || overlapped != null) {
            return new Verdict.AllowedWithWarning(Addresses.cidr(address)
                    + " covers most of the address space; accepted only because the mode is permissive");
        }
        for (Range r : v4 ? NOTED_V4 : NOTED_V6) {
            if (r.block().contains(address)) {
                return new Verdict.AllowedWithNote(r.note());
            }
        }
        return new Verdict.Allowed();
    }

    private static Range range(String cidr, String what) {
        try {
            return new Range(Addresses.parse(cidr), what);
        } catch (inet.ipaddr.AddressStringException e) {
            throw new IllegalStateException(cidr, e);
        }
    }
}
