package sandbox.firewall.internal.resolve;

import com.google.common.collect.ImmutableListMultimap;
import com.google.common.collect.ListMultimap;
import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import sandbox.api.SandboxException;
import sandbox.firewall.Resolver;
import sandbox.firewall.internal.files.Excerpt;
import sandbox.firewall.internal.files.InputFile;
import sandbox.firewall.internal.parse.Addresses;

/** A hosts(5) file as a resolver: deterministic and offline. */
public final class HostsFile implements Resolver {

    private final Path file;
    private final ListMultimap<String, IPAddress> byName;

    private HostsFile(Path file, ListMultimap<String, IPAddress> byName) {
        this.file = file;
        this.byName = byName;
    }

    public static HostsFile read(Path file) throws SandboxException {
        String text = InputFile.readText(file, file.toString(), InputFile.Limits.HOSTS);
        List<String> lines = Arrays.stream(text.split("\n", -1))
                .map(line -> line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).toList();
        return parse(file, lines);
    }

    static HostsFile parse(Path file, List<String> lines) throws SandboxException {
        ImmutableListMultimap.Builder<String, IPAddress> names = ImmutableListMultimap.builder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String[] fields = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
            if (fields.length == 0 || fields[0].isEmpty()) {
                continue;
            }
            IPAddress address;
            try {
                address = Addresses.parse(fields[0]);
            } catch (AddressStringException e) {
                throw new SandboxException(Excerpt.quote(fields[0]) + " is not an address", file + ":" + (i + 1),
                        "a hosts(5) line is: ADDRESS NAME [ALIAS...]", e);
            }
            if (address.getNetworkPrefixLength() != null || fields.length < 2) {
                throw new SandboxException(fields.length < 2 ? Excerpt.quote(fields[0]) + " has no name" : Excerpt.quote(fields[0]) + " is a block",
                        file + ":" + (i + 1), "a hosts(5) line is: ADDRESS NAME [ALIAS...]", null);
            }
            for (int f = 1; f < fields.length; f++) {
                names.put(normalize(fields[f]), address);
            }
        }
        return new HostsFile(file, names.build());
    }

    @Override
    public List<IPAddress> lookup(String host, Type type) throws IOException {
        List<IPAddress> all = byName.get(normalize(host));
        if (all.isEmpty()) {
            throw new UnknownHostException(host + " is not in " + file);
        }
        return all.stream().filter(a -> type == Type.A ? a.isIPv4() : a.isIPv6()).distinct().toList();
    }

    /** Every name the file knows (for tests and diagnostics). */
    public Set<String> names() {
        return byName.keySet();
    }

    private static String normalize(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    @Override
    public String toString() {
        return "hosts file " + file;
    }
}
