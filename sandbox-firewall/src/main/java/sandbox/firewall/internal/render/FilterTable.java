package sandbox.firewall.internal.render;

import sandbox.firewall.Mode;

/**
 * {@code rules.v4} / {@code rules.v6}: the {@code filter} table only, so Docker's embedded-DNS
 * rules in {@code nat} survive. Placeholders are filled by apply, where they are known.
 */
public final class FilterTable {

    private static final String HEADER = """
            # sandbox firewall, IPv%1$s, %2$s: input for %3$s-restore (run by apply).
            # Only the filter table: Docker's embedded-DNS rules live in nat and are kept.
            # apply repeats a line naming @RESOLVER%1$s@ once per resolver from /etc/resolv.conf and a line
            # naming @OWNNET%1$s@ once per prefix of @OWNIF@, the interface carrying the default route,
            # and a line naming @GATEWAY%1$s@ once per default gateway (the host: its services stay
            # out of reach, though the rest of the own network is open); with no value the line is dropped.
            *filter
            """;

    private static final String INPUT_V4 = """
            -A INPUT -i lo -j ACCEPT
            -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
            -A INPUT -i @OWNIF@ -s @OWNNET4@ -j ACCEPT
            """;

    // Neighbour discovery is not tracked by conntrack: without it v6 to an allowed peer breaks.
    private static final String INPUT_V6 = """
            -A INPUT -i lo -j ACCEPT
            -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
            -A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type neighbour-solicitation -m hl --hl-eq 255 -j ACCEPT
            -A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type neighbour-advertisement -m hl --hl-eq 255 -j ACCEPT
            -A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type router-advertisement -m hl --hl-eq 255 -j ACCEPT
            -A INPUT -i @OWNIF@ -s @OWNNET6@ -j ACCEPT
            """;

    private static final String OUTPUT_V4 = """
            -A OUTPUT -o lo -j ACCEPT
            -A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
            -A OUTPUT -d @RESOLVER4@ -p udp --dport 53 -j ACCEPT
            -A OUTPUT -d @RESOLVER4@ -p tcp --dport 53 -j ACCEPT
            -A OUTPUT -d @GATEWAY4@ -p tcp -j REJECT --reject-with tcp-reset
            -A OUTPUT -d @GATEWAY4@ -j REJECT --reject-with icmp-admin-prohibited
            -A OUTPUT -o @OWNIF@ -d @OWNNET4@ -j ACCEPT
            -A OUTPUT -m set --match-set sandbox-allow4 dst -j ACCEPT
            -A OUTPUT -p tcp -j REJECT --reject-with tcp-reset
            -A OUTPUT -j REJECT --reject-with icmp-admin-prohibited
            """;

    // MLDv2 reports (143) to ff02::16: the kernel joins solicited-node groups for ND.
    private static final String OUTPUT_V6 = """
            -A OUTPUT -o lo -j ACCEPT
            -A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
            -A OUTPUT -p ipv6-icmp -m icmp6 --icmpv6-type neighbour-solicitation -m hl --hl-eq 255 -j ACCEPT
            -A OUTPUT -p ipv6-icmp -m icmp6 --icmpv6-type neighbour-advertisement -m hl --hl-eq 255 -j ACCEPT
            -A OUTPUT -p ipv6-icmp -m icmp6 --icmpv6-type router-solicitation -m hl --hl-eq 255 -j ACCEPT
            -A OUTPUT -d ff02::16/128 -p ipv6-icmp -m icmp6 --icmpv6-type 143 -j ACCEPT
            -A OUTPUT -d @RESOLVER6@ -p udp --dport 53 -j ACCEPT
            -A OUTPUT -d @RESOLVER6@ -p tcp --dport 53 -j ACCEPT
            -A OUTPUT -d @GATEWAY6@ -p tcp -j REJECT --reject-with tcp-reset
            -A OUTPUT -d @GATEWAY6@ -j REJECT --reject-with icmp6-adm-prohibited
            -A OUTPUT -o @OWNIF@ -d @OWNNET6@ -j ACCEPT
            -A OUTPUT -m set --match-set sandbox-allow6 dst -j ACCEPT
            -A OUTPUT -p tcp -j REJECT --reject-with tcp-reset
            -A OUTPUT -j REJECT --reject-with icmp6-adm-prohibited
            """;

    private FilterTable() {}

    public static String render(Mode mode, boolean v6) {
        String family = v6 ? "6" : "4";
        boolean strict = mode == Mode.STRICT;
        StringBuilder out = new StringBuilder(2048);
        out.append(String.format(HEADER, family, mode.text(), v6 ? "ip6tables" : "iptables"));
        out.append(":INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n")
                .append(":OUTPUT ").append(strict ? "DROP" : "ACCEPT").append(" [0:0]\n")
                // An empty marker chain: apply keeps a live strict ruleset when a later apply fails.
                .append(':').append(strict ? "sandbox-strict" : "sandbox-permissive").append(" - [0:0]\n");
        out.append(v6 ? INPUT_V6 : INPUT_V4);
        if (strict) {
            out.append(v6 ? OUTPUT_V6 : OUTPUT_V4);
        }
        return out.append("COMMIT\n").toString();
    }
}
