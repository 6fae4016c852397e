package sandbox.firewall.kernel;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;

/**
 * A peer host's services, run in a peer namespace (JDK only, started with -cp): answers
 * "hello" on each TCP port (IPv4 and IPv6) and echoes UDP datagrams on port 53. Writes the
 * ready file once every socket is bound.
 * Usage: PeerServer READY_FILE PORT...
 */
public final class PeerServer {

    public static void main(String[] args) throws IOException {
        for (int i = 1; i < args.length; i++) {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(Integer.parseInt(args[i])), 128);
            Thread t = new Thread(() -> serve(server));
            t.start();
        }
        // One UDP socket per local address: a wildcard socket would answer from another source.
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address.isLinkLocalAddress()) {
                    continue;
                }
                DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, 53));
                new Thread(() -> echo(udp)).start();
            }
        }
        Files.writeString(Path.of(args[0]), "ready\n");
    }

    private static void serve(ServerSocket server) {
        while (true) {
            try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                out.write("hello\n".getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // a client that went away; keep serving
            }
        }
    }

    private static void echo(DatagramSocket udp) {
        byte[] buf = new byte[512];
        while (true) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                udp.receive(p);
                udp.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
            } catch (IOException e) {
                // keep echoing
            }
        }
    }
}
