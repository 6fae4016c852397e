package sandbox.image.internal.packages;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import sandbox.api.SandboxException;

/** Small GETs from the configured archive and registry (signed indexes, package metadata). */
public final class Remote {

    static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(20))
            .build();

    private Remote() { }

    /** The body of a 200 response; 404 and other statuses are errors naming the location. */
    public static byte[] get(URI uri, String accept, String what) throws SandboxException {
        try {
            HttpResponse<byte[]> r = CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
                    .header("Accept", accept).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new SandboxException("cannot fetch " + what + ": HTTP " + r.statusCode(), uri.toString(),
                        r.statusCode() == 404 ? "does it exist on the configured mirror/registry?" : null, null);
            }
            return r.body();
        } catch (IOException e) {
            throw new SandboxException("cannot fetch " + what + ": " + e, uri.toString(),
                    "check the network and the mirror/registry configuration", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while fetching " + what, e);
        }
    }
}
