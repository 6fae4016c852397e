package sandbox.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.SandboxException;
import sandbox.firewall.internal.resolve.HostResolution;

class HostResolutionTest {

    /** A fake DNS: per name, A and AAAA answers; unknown names are NXDOMAIN; "slow" names hang. */
    static final class FakeResolver implements Resolver {
        final Map<String, List<String>> a;
        final Map<String, List<String>> aaaa;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        FakeResolver(Map<String, List<String>> a, Map<String, List<String>> aaaa) {
            this.a = a;
            this.aaaa = aaaa;
        }

        @Override
        public List<IPAddress> lookup(String host, Type type) throws IOException {
            calls.computeIfAbsent(host + "/" + type, k -> new AtomicInteger()).incrementAndGet();
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                if (host.startsWith("slow")) {
                    Thread.sleep(10_000);
                }
                Thread.sleep(5);
                if (host.startsWith("servfail")) {
                    throw new IOException("server failure");
                }
                Map<String, List<String>> table = type == Type.A ? a : aaaa;
                if (!a.containsKey(host) && !aaaa.containsKey(host)) {
                    throw new UnknownHostException(host);
                }
                return table.getOrDefault(host, List.of()).stream().map(s -> new IPAddressString(s).getAddress()).toList();
            } catch (InterruptedException e) {
                throw new IOException("interrupted");
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private static List<String> texts(List<IPAddress> list) {
        return list.stream().map(IPAddress::toCanonicalString).toList();
    }

    @Test
    void asksForAAndAaaaAndDeduplicatesAnswers() {
        FakeResolver r = new FakeResolver(Map.of("api.example", List.of("192.0.2.1", "192.0.2.1", "192.0.2.2")),
                Map.of("api.example", List.of("2001:db8::1")));
        HostResolution.Outcome o = HostResolution.resolve(List.of("api.example", "api.example"), r, Duration.ofSeconds(2), 4);
        assertEquals(List.of("192.0.2.1", "192.0.2.2", "2001:db8::1"), texts(o.of("api.example")));
        assertEquals(1, r.calls.get("api.example/A").get());
        assertEquals(1, r.calls.get("api.example/AAAA").get());
        assertTrue(o.problem("api.example").isEmpty());
    }

    @Test
    void nxdomainAndEmptyAnswersAreProblemsNotFailures() {
        FakeResolver r = new FakeResolver(Map.of("empty.example", List.of()), Map.of());
        HostResolution.Outcome o = HostResolution.resolve(List.of("typo.example", "empty.example"), r, Duration.ofSeconds(2), 4);
        assertEquals("does not resolve (no such name)", o.problem("typo.example").orElseThrow());
        assertEquals("has no A or AAAA record", o.problem("empty.example").orElseThrow());
        assertEquals(List.of(), o.of("typo.example"));
    }

    @Test
    void aaaaOnlyNamesResolve() {
        FakeResolver r = new FakeResolver(Map.of(), Map.of("v6.example", List.of("2001:db8::6")));
        HostResolution.Outcome o = HostResolution.resolve(List.of("v6.example"), r, Duration.ofSeconds(2), 4);
        assertEquals(List.of("2001:db8::6"), texts(o.of("v6.example")));
        assertTrue(o.problem("v6.example").isEmpty());
    }

    @Test
    void timeoutsAreWarningsAndDoNotHoldUpOtherNames() {
        FakeResolver r = new FakeResolver(Map.of("fast.example", List.of("192.0.2.9"), "slow.example", List.of("192.0.2.10")), Map.of());
        long start = System.nanoTime();
        HostResolution.Outcome o = HostResolution.resolve(List.of("slow.example", "fast.example"), r, Duration.ofMillis(200), 4);
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "bounded by the timeout, not by the hung lookup");
        assertEquals("A lookup timed out after 200 ms; AAAA lookup timed out after 200 ms", o.problem("slow.example").orElseThrow());
        assertEquals(List.of("192.0.2.9"), texts(o.of("fast.example")));
    }

    @Test
    void otherFailuresAreReported() {
        FakeResolver r = new FakeResolver(Map.of("servfail.example", List.of()), Map.of());
        HostResolution.Outcome o = HostResolution.resolve(List.of("servfail.example"), r, Duration.ofSeconds(2), 2);
        assertEquals("A lookup failed: server failure; AAAA lookup failed: server failure", o.problem("servfail.example").orElseThrow());
    }

    @Test
    void lookupsInFlightAreBounded() {
        Map<String, List<String>> many = new java.util.HashMap<>();
        for (int i = 0; i < 40; i++) {
            many.put("h" + i + ".example", List.of("192.0.2." + i));
        }
        FakeResolver r = new FakeResolver(many, Map.of());
        HostResolution.Outcome o = HostResolution.resolve(many.keySet(), r, Duration.ofSeconds(5), 3);
        assertEquals(40, o.addresses().size());
        assertTrue(r.maxInFlight.get() <= 3, "max in flight " + r.maxInFlight.get());
    }

    @Test
    void hostsFileHasAliasesCommentsAndBothFamilies(@TempDir Path dir) throws Exception {
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, "# comment\n192.0.2.1\tapi.example  www.example # trailing\n"
                + "2001:db8::1 api.example\n\n192.0.2.1 cdn.example.\n");
        Resolver r = Resolver.hostsFile(hosts);
        assertEquals(List.of("192.0.2.1"), texts(r.lookup("API.example.", Resolver.Type.A)));
        assertEquals(List.of("2001:db8::1"), texts(r.lookup("api.example", Resolver.Type.AAAA)));
        assertEquals(List.of(), r.lookup("www.example", Resolver.Type.AAAA));
        assertEquals(List.of("192.0.2.1"), texts(r.lookup("cdn.example", Resolver.Type.A)));
        org.junit.jupiter.api.Assertions.assertThrows(UnknownHostException.class, () -> r.lookup("nope.example", Resolver.Type.A));
    }

    @Test
    void badHostsFileLineNamesFileAndLine(@TempDir Path dir) throws Exception {
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, "192.0.2.1 ok.example\n192.0.2.999 bad.example\n");
        SandboxException e = org.junit.jupiter.api.Assertions.assertThrows(SandboxException.class, () -> Resolver.hostsFile(hosts));
        assertEquals(hosts + ":2", e.where().orElseThrow());
    }

    @Test
    void cnameAliasesCollapseIntoOneBlockThatRemembersBothNames() throws Exception {
        // www is a CNAME of the CDN name: a resolver answers both with the CDN's addresses
        FakeResolver r = new FakeResolver(Map.of("www.example", List.of("192.0.2.44"), "cdn.example", List.of("192.0.2.44")),
                Map.of("www.example", List.of("2001:db8::44"), "cdn.example", List.of("2001:db8::44")));
        CompiledAllowlist c = Allowlist.parseText("allowlist.txt", "www.example\ncdn.example\n").resolve(r).compile();
        assertEquals(List.of("192.0.2.44/32"), c.v4Cidrs());
        assertEquals(List.of("2001:db8::44/128"), c.v6Cidrs());
        assertEquals(List.of("www.example", "cdn.example"),
                c.explain(new IPAddressString("2001:db8::44").getAddress()).stream().map(Contribution::via).toList());
    }

    @Test
    void aTimedOutNameIsAWarningAtItsLineAndTheRestCompiles() throws Exception {
        FakeResolver r = new FakeResolver(Map.of("slow.example", List.of("192.0.2.1"), "ok.example", List.of("192.0.2.2")), Map.of());
        CompiledAllowlist c = Allowlist.parseText("allowlist.txt", "ok.example\nslow.example\n")
                .resolve(r, Duration.ofMillis(150), 4).compile();
        assertEquals(List.of("192.0.2.2/32"), c.v4Cidrs());
        assertEquals("allowlist.txt:2:1: warning: 'slow.example' A lookup timed out after 150 ms; AAAA lookup timed out after 150 ms;"
                + " it contributes nothing", c.warnings().get(0).oneLine());
    }
}
