package sandbox.firewall.internal.resolve;

import inet.ipaddr.IPAddress;
import java.io.IOException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import sandbox.firewall.Resolver;

/**
 * Resolves many names, A and AAAA, in parallel: at most {@code parallelism} lookups in
 * flight, each given {@code timeout} from the moment it starts. A name that does not exist,
 * times out or fails is a problem to report, never fatal; answers are deduplicated.
 */
public final class HostResolution {

    /** The addresses each name resolved to (deduplicated, in answer order) and the problems. */
    public record Outcome(Map<String, List<IPAddress>> addresses, Map<String, String> problems) {
        public Outcome {
            addresses = Map.copyOf(addresses);
            problems = Map.copyOf(problems);
        }

        public List<IPAddress> of(String host) {
            return addresses.getOrDefault(host, List.of());
        }

        public Optional<String> problem(String host) {
            return Optional.ofNullable(problems.get(host));
        }
    }

    private sealed interface Answer {
        record Found(List<IPAddress> addresses) implements Answer { }

        record NoSuchName() implements Answer { }

        record TimedOut() implements Answer { }

        record Failed(String message) implements Answer { }
    }

    private HostResolution() {
    }

    public static Outcome resolve(Collection<String> hosts, Resolver resolver, Duration timeout, int parallelism) {
        List<String> names = List.copyOf(new LinkedHashSet<>(hosts));
        if (names.isEmpty()) {
            return new Outcome(Map.of(), Map.of());
        }
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sandbox-resolve");
            t.setDaemon(true); // a hung system lookup must not keep the JVM alive
            return t;
        });
        Semaphore inFlight = new Semaphore(parallelism);
        Map<String, List<CompletableFuture<Answer>>> futures = new LinkedHashMap<>();
        try {
            for (String host : names) {
                for (Resolver.Type type : Resolver.Type.values()) {
                    inFlight.acquireUninterruptibly();
                    CompletableFuture<Answer> f = CompletableFuture.supplyAsync(() -> lookup(resolver, host, type), pool)
                            .completeOnTimeout(new Answer.TimedOut(), timeout.toMillis(), TimeUnit.MILLISECONDS);
                    f.whenComplete((a, e) -> inFlight.release());
                    futures.computeIfAbsent(host, h -> new ArrayList<>()).add(f);
                }
            }
            Map<String, List<IPAddress>> addresses = new LinkedHashMap<>();
            Map<String, String> problems = new LinkedHashMap<>();
            futures.forEach((host, pair) -> {
                Answer a = pair.get(0).join();
                Answer aaaa = pair.get(1).join();
                LinkedHashSet<IPAddress> found = new LinkedHashSet<>();
                for (Answer x : List.of(a, aaaa)) {
                    if (x instanceof Answer.Found f) {
                        found.addAll(f.addresses());
                    }
                }
                addresses.put(host, List.copyOf(found));
                describe(a, aaaa, timeout).ifPresent(p -> problems.put(host, p));
            });
            return new Outcome(addresses, problems);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Answer lookup(Resolver resolver, String host, Resolver.Type type) {
        try {
            return new Answer.Found(resolver.lookup(host, type));
        } catch (UnknownHostException e) {
            return new Answer.NoSuchName();
        } catch (IOException | RuntimeException e) {
            return new Answer.Failed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static Optional<String> describe(Answer a, Answer aaaa, Duration timeout) {
        if (a instanceof Answer.NoSuchName && aaaa instanceof Answer.NoSuchName) {
            return Optional.of("does not resolve (no such name)");
        }
        List<String> parts = new ArrayList<>();
        String[] types = {"A", "AAAA"};
        Answer[] answers = {a, aaaa};
        for (int i = 0; i < 2; i++) {
            if (answers[i] instanceof Answer.TimedOut) {
                parts.add(types[i] + " lookup timed out after " + timeout.toMillis() + " ms");
            } else if (answers[i] instanceof Answer.Failed f) {
                parts.add(types[i] + " lookup failed: " + f.message());
            }
        }
        boolean none = !(a instanceof Answer.Found fa && !fa.addresses().isEmpty())
                && !(aaaa instanceof Answer.Found fb && !fb.addresses().isEmpty());
        if (parts.isEmpty() && none) {
            parts.add("has no A or AAAA record");
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", parts));
    }
}
