package sandbox.firewall.internal.parse;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;

/**
 * IPAddress parsing for the allowlist and the feeds: plain dotted-quad and IPv6 text with an
 * optional prefix length — no inet_aton forms, wildcards, ranges or masks, which IPAddress
 * accepts by default but which would surprise a reader of the list.
 */
public final class Addresses {

    public static final IPAddressStringParameters STRICT = new IPAddressStringParameters.Builder()
            .allowEmpty(false).allowAll(false).allowSingleSegment(false).allowMask(false).allowPrefixOnly(false)
            .allowWildcardedSeparator(false).setRangeOptions(RangeParameters.NO_RANGE).allow_inet_aton(false)
            .getIPv4AddressParametersBuilder().allowLeadingZeros(false).getParentBuilder()
            .toParams();

    private Addresses() {
    }

    /** The address or block, host bits kept as written (see {@link #normalize}). */
    public static IPAddress parse(String text) throws AddressStringException {
        return new IPAddressString(text, STRICT).toAddress();
    }

    /** A block with its host bits zeroed; a single address unchanged. */
    public static IPAddress normalize(IPAddress address) {
        return address.getNetworkPrefixLength() == null ? address : address.toPrefixBlock();
    }

    /** Always with a prefix length: {@code 192.0.2.7/32}, {@code 2001:db8::/32}. */
    public static String cidr(IPAddress address) {
        IPAddress a = address.getNetworkPrefixLength() == null ? address.setPrefixLength(address.getBitCount(), false) : address;
        return a.toCanonicalString();
    }
}
