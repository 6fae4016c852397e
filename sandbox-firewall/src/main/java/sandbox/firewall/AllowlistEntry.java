package sandbox.firewall;

import inet.ipaddr.IPAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** One parsed allowlist line: a host name, an address or CIDR block, or a {@code @directive}. */
public sealed interface AllowlistEntry permits AllowlistEntry.Host, AllowlistEntry.Block, AllowlistEntry.Directive {

    Source source();

    /** The entry as written (without comment and surrounding white space). */
    String text();

    /** A host name in its ASCII (IDNA) form, lower case, without a trailing dot. */
    record Host(String name, String text, Source source) implements AllowlistEntry { }

    /**
     * An address ({@code 192.0.2.7}) or a prefix block ({@code 192.0.2.0/24}), normalized: a
     * single address has no prefix length, a block has its host bits zero.
     */
    record Block(IPAddress address, String text, Source source) implements AllowlistEntry {
        public boolean isSingleAddress() {
            return address.getNetworkPrefixLength() == null;
        }
    }

    /** {@code @github-meta web api}: a named source of addresses and its arguments. */
    record Directive(Kind kind, List<String> arguments, String text, Source source) implements AllowlistEntry {
        public Directive {
            arguments = List.copyOf(arguments);
        }
    }

    /** The directives the language knows. */
    enum Kind {
        /** GitHub's published ranges ({@code /meta}); arguments: keys, default web api git. */
        GITHUB_META("github-meta"),
        /** AWS's published prefixes for service AMAZON; arguments: regions (GLOBAL always kept). */
        AWS_IP_RANGES("aws-ip-ranges"),
        /** The host of the npm registry configured on this machine. */
        NPM_REGISTRY("npm-registry"),
        /** The host(s) of the Python package index configured on this machine. */
        PIP_INDEX("pip-index");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        /** The name after {@code @}. */
        public String word() {
            return word;
        }

        public static Optional<Kind> byWord(String word) {
            String w = word.toLowerCase(Locale.ROOT);
            for (Kind k : values()) {
                if (k.word.equals(w)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }
}
