package sandbox.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feeds from a local HTTP server on loopback: never the publishers. */
class FetchedFeedsTest {

    record Reply(int status, byte[] body, long delayMillis) { }

    @TempDir
    Path cache;
    HttpServer server;
    final AtomicInteger hits = new AtomicInteger();
    final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    /** Serves {@code replies.apply(n)} to the n-th request (1-based). */
    private FetchedFeeds serve(IntFunction<Reply> replies) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            int n = hits.incrementAndGet();
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            Reply r = replies.apply(n);
            try {
                Thread.sleep(r.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(r.body());
            } catch (IOException ignored) {
                // the client gave up (timeout test)
            }
        });
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return Feeds.fetching(cache).withUrl(Feed.GITHUB_META, base.resolve("/meta"))
                .withUrl(Feed.AWS_IP_RANGES, base.resolve("/ip-ranges.json"))
                .withRetries(3, Duration.ofMillis(10)).withTimeout(Duration.ofSeconds(5))
                .withClock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static Reply ok(String fixture) {
        return new Reply(200, Fixtures.bytes(fixture), 0);
    }

    private void cacheFixture(Feed feed, Duration age) throws IOException {
        Path file = cache.resolve(feed.fileName());
        Files.write(file, Fixtures.bytes(feed.fileName()));
        Files.setLastModifiedTime(file, FileTime.from(NOW.minus(age)));
    }

    private static String warning(FeedContent c) {
        assertEquals(1, c.diagnostics().size(), c.diagnostics().toString());
        return c.diagnostics().get(0).message();
    }

    @Test
    void fetchesParsesAndKeepsTheLastGoodCopy() throws Exception {
        FeedContent c = serve(n -> ok("github-meta.json")).load(Feed.GITHUB_META);
        assertEquals(10, c.prefixes().size());
        assertEquals(List.of(), c.diagnostics());
        assertTrue(Arrays.equals(Fixtures.bytes("github-meta.json"), Files.readAllBytes(cache.resolve("github-meta.json"))));
    }

    @Test
    void sendsTheGithubTokenOnlyToGithub() throws Exception {
        FetchedFeeds feeds = serve(n -> ok(n == 1 ? "github-meta.json" : "aws-ip-ranges.json"))
                .withGithubToken(Optional.of("test-token-123"));
        feeds.load(Feed.GITHUB_META);
        feeds.load(Feed.AWS_IP_RANGES);
        assertEquals(List.of("Bearer test-token-123", "null"), authorizations);
        assertFalse(feeds.toString().contains("test-token-123"));
    }

    @Test
    void rateLimitFallsBackToTheCacheWithItsAgeAndIsNotRetried() throws Exception {
        cacheFixture(Feed.GITHUB_META, Duration.ofHours(3));
        FeedContent c = serve(n -> new Reply(403, "{\"message\":\"API rate limit exceeded\"}".getBytes(StandardCharsets.UTF_8), 0))
                .load(Feed.GITHUB_META);
        assertEquals(10, c.prefixes().size());
        assertEquals("fetch failed (HTTP 403 (rate limited; set GITHUB_TOKEN to raise the limit)); using the cached copy from 3 h ago",
                warning(c));
        assertEquals(1, hits.get());
    }

    @Test
    void truncatedJsonIsRetriedThenWithoutCacheContributesNothing() throws Exception {
        byte[] whole = Fixtures.bytes("aws-ip-ranges.json");
        FeedContent c = serve(n -> new Reply(200, Arrays.copyOf(whole, whole.length / 2), 0)).load(Feed.AWS_IP_RANGES);
        assertEquals(List.of(), c.prefixes());
        assertTrue(warning(c).startsWith("fetch failed (truncated JSON ("), warning(c));
        assertTrue(warning(c).endsWith("and there is no cached copy; @aws-ip-ranges contributes nothing"), warning(c));
        assertEquals(3, hits.get());
        assertFalse(Files.exists(cache.resolve("aws-ip-ranges.json")), "a bad document is never cached");
    }

    @Test
    void anAnswerLargerThanTheFeedBoundIsNotReadAndFallsBackToTheCache() throws Exception {
        cacheFixture(Feed.AWS_IP_RANGES, Duration.ofHours(2));
        byte[] huge = new byte[(64 << 20) + 1];
        Arrays.fill(huge, (byte) ' ');
        FeedContent c = serve(n -> new Reply(200, huge, 0)).load(Feed.AWS_IP_RANGES);
        assertEquals(8, c.prefixes().size());
        assertEquals("fetch failed (the answer is larger than 64 MiB); using the cached copy from 2 h ago", warning(c));
        assertEquals(1, hits.get());
    }

    @Test
    void aServerErrorIsRetriedUntilItSucceeds() throws Exception {
        FeedContent c = serve(n -> n < 3 ? new Reply(503, new byte[0], 0) : ok("aws-ip-ranges.json")).load(Feed.AWS_IP_RANGES);
        assertEquals(8, c.prefixes().size());
        assertEquals(3, hits.get());
    }

    @Test
    void wrongShapeFallsBackToTheCache() throws Exception {
        cacheFixture(Feed.AWS_IP_RANGES, Duration.ofDays(4));
        FeedContent c = serve(n -> new Reply(200, "{\"prefixes\": 7}".getBytes(StandardCharsets.UTF_8), 0)).load(Feed.AWS_IP_RANGES);
        assertEquals(8, c.prefixes().size());
        assertEquals("fetch failed (unexpected shape: no 'prefixes' list); using the cached copy from 4 days ago", warning(c));
        assertEquals(1, hits.get());
    }

    @Test
    void aSlowServerTimesOut() throws Exception {
        FeedContent c = serve(n -> new Reply(200, Fixtures.bytes("github-meta.json"), 3_000))
                .withTimeout(Duration.ofMillis(300)).withRetries(1, Duration.ZERO).load(Feed.GITHUB_META);
        assertEquals(List.of(), c.prefixes());
        assertTrue(warning(c).startsWith("fetch failed (timed out after 0 s)"), warning(c));
    }
}
