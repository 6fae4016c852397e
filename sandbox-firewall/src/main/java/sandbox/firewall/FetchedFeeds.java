package sandbox.firewall;

import com.google.common.base.Suppliers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import sandbox.firewall.internal.feeds.FeedCache;
import sandbox.firewall.internal.feeds.FeedParser;

/**
 * Feeds fetched from their publishers (GitHub meta, AWS ip-ranges) over HTTPS with a timeout
 * and retries; {@code GITHUB_TOKEN} is sent to GitHub when given. The last good copy of each
 * feed is kept in the cache folder and used — with its age in the warning — when a fetch
 * fails (rate limit, truncated or malformed JSON, network). Immutable: each {@code with…}
 * returns a copy.
 */
public final class FetchedFeeds implements Feeds {

    private final Path cacheDir;
    // Built on the first fetch: a TLS-capable client loads the JCA providers (hundreds of
    // classes, seconds on a busy machine), which a compile without feeds never needs.
    private final Supplier<HttpClient> client;
    private final Map<Feed, URI> urls;
    private final Optional<String> githubToken;
    private final Duration timeout;
    private final int attempts;
    private final Duration retryDelay;
    private final Clock clock;

    private FetchedFeeds(Path cacheDir, Supplier<HttpClient> client, Map<Feed, URI> urls, Optional<String> githubToken,
                         Duration timeout, int attempts, Duration retryDelay, Clock clock) {
        this.cacheDir = cacheDir;
        this.client = client;
        this.urls = urls;
        this.githubToken = githubToken;
        this.timeout = timeout;
        this.attempts = attempts;
        this.retryDelay = retryDelay;
        this.clock = clock;
    }

    static FetchedFeeds into(Path cacheDir) {
        Map<Feed, URI> urls = new EnumMap<>(Feed.class);
        for (Feed f : Feed.values()) {
            urls.put(f, f.defaultUrl());
        }
        Supplier<HttpClient> client = Suppliers.memoize(() -> HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build());
        return new FetchedFeeds(cacheDir, client, urls, Optional.empty(), Duration.ofSeconds(20), 3,
                Duration.ofMillis(500), Clock.systemUTC());
    }

    public FetchedFeeds withHttpClient(HttpClient newClient) {
        return new FetchedFeeds(cacheDir, () -> newClient, urls, githubToken, timeout, attempts, retryDelay, clock);
    }

    /** Another location for a feed (a mirror, or a local server in tests). */
    public FetchedFeeds withUrl(Feed feed, URI url) {
        Map<Feed, URI> copy = new EnumMap<>(urls);
        copy.put(feed, url);
        return new FetchedFeeds(cacheDir, client, copy, githubToken, timeout, attempts, retryDelay, clock);
    }

    /** A GitHub token (raises the rate limit); never logged, sent only to the GitHub feed. */
    public FetchedFeeds withGithubToken(Optional<String> token) {
        return new FetchedFeeds(cacheDir, client, urls, token.filter(t -> !t.isBlank()), timeout, attempts, retryDelay, clock);
    }

    public FetchedFeeds withTimeout(Duration perRequest) {
        return new FetchedFeeds(cacheDir, client, urls, githubToken, perRequest, attempts, retryDelay, clock);
    }

    /** How many tries for failures that may pass (network, 5xx, truncated body), and the pause between. */
    public FetchedFeeds withRetries(int totalAttempts, Duration delay) {
        return new FetchedFeeds(cacheDir, client, urls, githubToken, timeout, Math.max(1, totalAttempts), delay, clock);
    }

    public FetchedFeeds withClock(Clock newClock) {
        return new FetchedFeeds(cacheDir, client, urls, githubToken, timeout, attempts, retryDelay, newClock);
    }

    @Override
    public FeedContent load(Feed feed) {
        String problem = "no attempt";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1 && !pause(retryDelay.multipliedBy(attempt - 1))) {
                break;
            }
            Fetch fetch = fetchOnce(feed);
            if (fetch.content().isPresent()) {
                return fetch.content().get();
            }
            problem = fetch.problem();
            if (!fetch.retry()) {
                break;
            }
        }
        return fallBack(feed, problem);
    }

    private record Fetch(Optional<FeedContent> content, String problem, boolean retry) { }

    private Fetch fetchOnce(Feed feed) {
        URI url = urls.get(feed);
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout).GET()
                .header("User-Agent", "sandbox-firewall")
                .header("Accept", feed == Feed.GITHUB_META ? "application/vnd.github+json" : "application/json");
        if (feed == Feed.GITHUB_META && githubToken.isPresent() && safeForToken(url)) {
            request.header("Authorization", "Bearer " + githubToken.get());
        }
        HttpResponse<byte[]> response;
        try {
            response = client.get().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            return new Fetch(Optional.empty(), "timed out after " + timeout.toSeconds() + " s", true);
        } catch (IOException e) {
            return new Fetch(Optional.empty(), "network error: " + e.getMessage(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Fetch(Optional.empty(), "interrupted", false);
        }
        int status = response.statusCode();
        if (status == 403 || status == 429) {
            return new Fetch(Optional.empty(), "HTTP " + status + " (rate limited"
                    + (feed == Feed.GITHUB_META && githubToken.isEmpty() ? "; set GITHUB_TOKEN to raise the limit" : "") + ")", false);
        }
        if (status >= 500) {
            return new Fetch(Optional.empty(), "HTTP " + status, true);
        }
        if (status != 200) {
            return new Fetch(Optional.empty(), "HTTP " + status, false);
        }
        try {
            FeedContent content = FeedParser.parse(feed, response.body());
            FeedCache.store(cacheDir, feed, response.body());
            return new Fetch(Optional.of(content), "", false);
        } catch (FeedParser.FeedFormatException e) {
            return new Fetch(Optional.empty(), e.getMessage(), e.truncated());
        } catch (IOException e) {
            FeedContent content = FeedParser.parseQuietly(feed, response.body());
            return new Fetch(Optional.of(content.withDiagnostic(Diagnostic.of(Diagnostic.Severity.WARNING, feed.word(),
                    "fetched, but cannot cache it in " + cacheDir + ": " + e.getMessage()))), "", false);
        }
    }

    private FeedContent fallBack(Feed feed, String problem) {
        Optional<FeedCache.Cached> cached = FeedCache.load(cacheDir, feed);
        if (cached.isPresent()) {
            try {
                FeedContent content = FeedParser.parse(feed, cached.get().document());
                return content.withDiagnostic(Diagnostic.of(Diagnostic.Severity.WARNING, feed.word(),
                        "fetch failed (" + problem + "); using the cached copy from " + age(cached.get().modified()) + " ago",
                        "check the network, or pass --feeds DIR"));
            } catch (FeedParser.FeedFormatException e) {
                problem = problem + "; the cached copy is unusable: " + e.getMessage();
            }
        }
        return FeedContent.empty(feed, List.of(Diagnostic.of(Diagnostic.Severity.WARNING, feed.word(),
                "fetch failed (" + problem + ") and there is no cached copy; @" + feed.word() + " contributes nothing",
                "check the network, or pass --feeds DIR")));
    }

    private String age(Instant modified) {
        Duration d = Duration.between(modified, clock.instant());
        if (d.isNegative() || d.toMinutes() < 1) {
            return "less than a minute";
        }
        if (d.toHours() < 1) {
            return d.toMinutes() + " min";
        }
        if (d.toDays() < 2) {
            return d.toHours() + " h";
        }
        return d.toDays() + " days";
    }

    /** The token goes only over TLS, or to this machine (a test server). */
    private static boolean safeForToken(URI url) {
        String host = url.getHost() == null ? "" : url.getHost();
        return "https".equalsIgnoreCase(url.getScheme()) || host.equals("127.0.0.1") || host.equals("localhost")
                || host.equals("[::1]");
    }

    private static boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return "feeds fetched into " + cacheDir; // never the token
    }
}
