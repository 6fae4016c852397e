package sandbox.firewall;

import inet.ipaddr.IPAddress;
import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import sandbox.api.SandboxException;
import sandbox.firewall.internal.resolve.HostsFile;
import sandbox.firewall.internal.resolve.SystemResolver;

/**
 * Name resolution, a seam: the system resolver by default, a hosts(5) file for offline and
 * deterministic compiles (all tests use one). Lookups may block; the compiler runs them in
 * parallel with a timeout each.
 */
public interface Resolver {

    /** The DNS record types the firewall needs. */
    enum Type { A, AAAA }

    /**
     * The addresses of {@code host} for one record type: empty when the name exists but has
     * no such record.
     *
     * @throws UnknownHostException the name does not exist (NXDOMAIN)
     * @throws IOException any other failure (server failure, refused)
     */
    List<IPAddress> lookup(String host, Type type) throws IOException;

    /** The machine's resolver ({@link java.net.InetAddress}), filtered by record type. */
    static Resolver system() {
        return new SystemResolver();
    }

    /** Names from a hosts(5) file: {@code address name [alias…]}, {@code #} comments, v4 and v6. */
    static Resolver hostsFile(Path file) throws SandboxException {
        return HostsFile.read(file);
    }
}
