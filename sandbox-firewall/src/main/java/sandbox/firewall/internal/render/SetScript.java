package sandbox.firewall.internal.render;

import com.google.common.math.IntMath;
import inet.ipaddr.IPAddress;
import java.util.List;

/**
 * {@code ipset.restore}: the new allowlisted sets are built under {@code -new} names, then
 * swapped into place and the old ones destroyed, so a live set is never empty or half-filled.
 */
public final class SetScript {

    public static final String LIVE4 = "sandbox-allow4";
    public static final String LIVE6 = "sandbox-allow6";
    /** Never smaller than ipset's own default, so a refresh that grows the list still fits. */
    static final int MIN_MAXELEM = 65536;
    static final int MIN_HASHSIZE = 64;

    private SetScript() {}

    public static String render(List<IPAddress> v4, List<IPAddress> v6) {
        StringBuilder out = new StringBuilder(64 + 32 * (v4.size() + v6.size()));
        out.append("# sandbox firewall sets: ").append(v4.size()).append(" IPv4 and ").append(v6.size())
                .append(" IPv6 blocks, for `ipset restore` (run by apply).\n")
                .append("# Built under -new names, then swapped into place: a live set is never empty or half-filled.\n");
        block(out, LIVE4, "inet", v4);
        block(out, LIVE6, "inet6", v6);
        out.append("swap ").append(LIVE4).append("-new ").append(LIVE4).append('\n')
                .append("swap ").append(LIVE6).append("-new ").append(LIVE6).append('\n')
                .append("destroy ").append(LIVE4).append("-new\n")
                .append("destroy ").append(LIVE6).append("-new\n");
        return out.toString();
    }

    private static void block(StringBuilder out, String live, String family, List<IPAddress> blocks) {
        String name = live + "-new";
        out.append("create ").append(name).append(" hash:net family ").append(family)
                .append(" hashsize ").append(hashsize(blocks.size()))
                .append(" maxelem ").append(maxelem(blocks.size())).append('\n');
        for (IPAddress block : blocks) {
            out.append("add ").append(name).append(' ').append(block.toCanonicalString()).append('\n');
        }
    }

    /** One bucket per block (a power of two): lookups stay O(1) without a rehash while filling. */
    static int hashsize(int blocks) {
        return IntMath.ceilingPowerOfTwo(Math.max(MIN_HASHSIZE, blocks));
    }

    /** Room for twice the buckets, and at least ipset's default. */
    static int maxelem(int blocks) {
        return Math.max(MIN_MAXELEM, 2 * hashsize(blocks));
    }
}
