package sandbox.cli.up;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The DNS servers Docker's embedded resolver forwards to. Docker 20.10 sends those upstream
 * queries from inside the container's network namespace, through its OUTPUT chain, so the
 * strict ruleset must allow them or every name lookup in the sandbox fails. They are the
 * host's non-loopback nameservers (systemd-resolved's real upstreams when the host points at
 * its stub), else Docker's own fallback servers.
 */
final class DnsUpstreams {

    /** What dockerd uses when the host has only loopback resolvers. */
    static final List<String> DOCKER_FALLBACK = List.of("8.8.8.8", "8.8.4.4");

    private DnsUpstreams() {
    }

    static List<String> ofHost() {
        return of(Path.of("/etc/resolv.conf"), Path.of("/run/systemd/resolve/resolv.conf"));
    }

    static List<String> of(Path resolvConf, Path systemdResolvConf) {
        List<String> direct = nonLoopbackNameservers(resolvConf);
        if (!direct.isEmpty()) {
            return direct;
        }
        List<String> resolved = nonLoopbackNameservers(systemdResolvConf);
        return resolved.isEmpty() ? DOCKER_FALLBACK : resolved;
    }

    static List<String> nonLoopbackNameservers(Path file) {
        List<String> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] words = line.trim().split("\\s+");
                if (words.length >= 2 && words[0].equals("nameserver") && !isLoopback(words[1])) {
                    out.add(words[1].split("%")[0]);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return List.copyOf(out);
    }

    private static boolean isLoopback(String address) {
        String a = address.toLowerCase(Locale.ROOT);
        return a.startsWith("127.") || a.equals("::1");
    }
}
