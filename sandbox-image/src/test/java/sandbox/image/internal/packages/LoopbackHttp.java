package sandbox.image.internal.packages;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny HTTP/1.1 server on 127.0.0.1 for fixture archives and registries (tests send
 * traffic to loopback only). Serves fixed bytes per path, 404 otherwise; records requests.
 */
public final class LoopbackHttp implements AutoCloseable {

    private final ServerSocket socket;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Thread thread;

    public LoopbackHttp() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "loopback-http");
        thread.setDaemon(true);
        thread.start();
    }

    public LoopbackHttp put(String path, byte[] body) {
        files.put(path, body);
        return this;
    }

    public URI root() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
    }

    public List<String> requests() {
        return requests;
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                String requestLine = in.readLine();
                for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
                    // headers are not needed
                }
                String path = requestLine == null ? "/" : requestLine.split(" ")[1];
                requests.add(path);
                byte[] body = files.get(path);
                OutputStream out = s.getOutputStream();
                String status = body == null ? "404 Not Found" : "200 OK";
                byte[] b = body == null ? new byte[0] : body;
                out.write(("HTTP/1.1 " + status + "\r\nContent-Length: " + b.length + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.write(b);
                out.flush();
            } catch (IOException e) {
                // closed or a client went away
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
