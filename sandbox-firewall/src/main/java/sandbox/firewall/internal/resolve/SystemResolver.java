package sandbox.firewall.internal.resolve;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressNetwork.IPAddressGenerator;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import sandbox.firewall.Resolver;

/**
 * The JDK resolver. It answers A and AAAA together, so each typed lookup filters one family;
 * the JDK's positive cache makes the second lookup of a name cheap.
 */
public final class SystemResolver implements Resolver {

    private static final IPAddressGenerator GENERATOR = new IPAddressGenerator();

    @Override
    public List<IPAddress> lookup(String host, Type type) throws IOException {
        List<IPAddress> out = new ArrayList<>();
        for (InetAddress a : InetAddress.getAllByName(host)) {
            if ((type == Type.A && a instanceof Inet4Address) || (type == Type.AAAA && a instanceof Inet6Address)) {
                out.add(GENERATOR.from(a).withoutPrefixLength());
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "system resolver";
    }
}
