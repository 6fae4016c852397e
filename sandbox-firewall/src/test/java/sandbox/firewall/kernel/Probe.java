package sandbox.firewall.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Connects from inside the sandbox namespace (JDK only, started with -cp) and prints one
 * line per target: {@code tcp:HOST:PORT OK|REFUSED|UNREACHABLE|DENIED|TIMEOUT|ERROR…}.
 * With {@code --loop STOP_FILE} it repeats every target until STOP_FILE exists and prints
 * the count of each outcome per target.
 * Usage: Probe [--loop STOP_FILE] (tcp|udp):HOST:PORT...
 */
public final class Probe {

    static final int TIMEOUT_MS = 3000;

    public static void main(String[] args) throws Exception {
        if (args.length > 1 && args[0].equals("--loop")) {
            loop(Path.of(args[1]), java.util.Arrays.copyOfRange(args, 2, args.length));
            return;
        }
        for (String target : args) {
            System.out.println(target + " " + probe(target));
        }
    }

    private static void loop(Path stop, String[] targets) {
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        System.out.println("started");
        System.out.flush();
        while (!Files.exists(stop)) {
            for (String target : targets) {
                counts.computeIfAbsent(target, t -> new LinkedHashMap<>()).merge(probe(target).split(" ")[0], 1, Integer::sum);
            }
        }
        counts.forEach((target, outcome) -> System.out.println(target + " " + outcome));
    }

    static String probe(String target) {
        int first = target.indexOf(':');
        int last = target.lastIndexOf(':');
        String proto = target.substring(0, first);
        String host = target.substring(first + 1, last);
        int port = Integer.parseInt(target.substring(last + 1));
        try {
            InetAddress address = InetAddress.getByName(host); // literal addresses only: no lookup
            return proto.equals("udp") ? udp(address, port) : tcp(address, port);
        } catch (SocketTimeoutException e) {
            return "TIMEOUT";
        } catch (PortUnreachableException e) {
            return "REFUSED";
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("refused")) return "REFUSED";
            if (m.contains("no route") || m.contains("unreachable")) return "UNREACHABLE";
            if (m.contains("permission denied") || m.contains("not permitted")) return "DENIED";
            if (m.contains("timed out")) return "TIMEOUT";
            if (m.contains("family unavailable") || m.contains("not supported")) return "UNAVAILABLE";
            return "ERROR " + e;
        }
    }

    private static String tcp(InetAddress address, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            InputStream in = s.getInputStream();
            String line = new String(in.readNBytes(5), StandardCharsets.UTF_8);
            return line.equals("hello") ? "OK" : "ERROR read '" + line + "'";
        }
    }

    private static String udp(InetAddress address, int port) throws IOException {
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(address, port);
            s.setSoTimeout(TIMEOUT_MS);
            byte[] ping = "ping".getBytes(StandardCharsets.UTF_8);
            s.send(new DatagramPacket(ping, ping.length));
            DatagramPacket reply = new DatagramPacket(new byte[16], 16);
            s.receive(reply);
            return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8).equals("ping")
                    ? "OK" : "ERROR echo";
        }
    }
}
