package sandbox.firewall;

import inet.ipaddr.IPAddress;

/**
 * Why a block is allowed: it came from {@code entry} at {@code source}, through {@code via}
 * (the host name it resolved from, {@code github-meta:git}, {@code aws-ip-ranges:eu-west-1},
 * or the literal itself). {@code origin} is what counts group by: the file, or the feed's name.
 */
public record Contribution(IPAddress block, String origin, Source source, String entry, String via) { }
