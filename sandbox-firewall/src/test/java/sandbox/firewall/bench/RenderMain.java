package sandbox.firewall.bench;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import sandbox.firewall.Mode;
import sandbox.firewall.Ruleset;

/**
 * The compile stand-in measured in a fresh JVM when the CLI's {@code firewall compile} is not
 * built: parse a CIDR list with IPAddress, render, write the folder.
 * Usage: RenderMain LIST OUT_DIR
 */
public final class RenderMain {

    public static void main(String[] args) throws Exception {
        List<IPAddress> v4 = new ArrayList<>(), v6 = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            IPAddress block = new IPAddressString(line.trim()).toAddress();
            (block.isIPv4() ? v4 : v6).add(block);
        }
        Ruleset.render(Mode.STRICT, v4, v6).writeTo(Path.of(args[1]));
    }
}
