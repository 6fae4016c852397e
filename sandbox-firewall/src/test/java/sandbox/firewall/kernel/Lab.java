package sandbox.firewall.kernel;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import sandbox.firewall.Allowlist;
import sandbox.firewall.CompiledAllowlist;
import sandbox.firewall.Feeds;
import sandbox.firewall.Mode;
import sandbox.firewall.PackageIndexes;
import sandbox.firewall.Ruleset;

/**
 * A sandbox namespace wired by veth pairs to three peers, IPv4 and IPv6:
 * <pre>
 *   S eth0 10.77.0.2  fd00:77::2   (default route) -- L: the gateway (.1, ::1), a sidecar on the own network (.3, ::3),
 *                                                      also "remote" hosts on its loopback
 *   S ok0  10.77.1.2  fd00:77:1::2                 -- P: a peer the tests allowlist
 *   S no0  10.77.2.2  fd00:77:2::2                 -- B: a peer never allowlisted
 * </pre>
 * Every peer serves TCP 80, 22, 53 and UDP 53. Names are {@code sbx-fw-<random>-x}; close()
 * kills the servers and deletes every namespace and file it made.
 */
final class Lab implements AutoCloseable {

    static final String GATEWAY4 = "10.77.0.1", GATEWAY6 = "fd00:77::1";
    /** A sidecar on the sandbox's own network (a second address of L). */
    static final String OWN4 = "10.77.0.3", OWN6 = "fd00:77::3";
    static final String PEER4 = "10.77.1.1", PEER6 = "fd00:77:1::1";
    static final String BLOCKED4 = "10.77.2.1", BLOCKED6 = "fd00:77:2::1";
    static final String REMOTE4 = "192.0.2.10", REMOTE6 = "fd00:ff::10";
    static final String REMOTE_BLOCKED4 = "192.0.2.20", REMOTE_BLOCKED6 = "fd00:ff::20";
    static final String RESOLVER4 = "192.0.2.53", RESOLVER6 = "fd00:ff::53";
    static final String OTHER_RESOLVER4 = "192.0.2.54", OTHER_RESOLVER6 = "fd00:ff::54";
    static final List<String> FAST_FAILURES = List.of("REFUSED", "UNREACHABLE", "DENIED", "UNAVAILABLE");

    final String sandbox;
    private final String id;
    private final List<String> namespaces = new ArrayList<>();
    private final List<Run.Child> children = new ArrayList<>();
    final Path work;
    final Path state;

    /** Skips the calling test, with the reason, where namespaces and the firewall tools are missing. */
    static void assumeKernel() {
        assumeTrue("root".equals(System.getProperty("user.name")), "kernel test: needs root (network namespaces)");
        for (String tool : List.of("ip", "iptables", "ip6tables", "ipset", "iptables-restore", "setpriv", "flock")) {
            assumeTrue(onPath(tool), "kernel test: " + tool + " is not installed");
        }
    }

    static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }

    Lab() throws IOException {
        byte[] r = new byte[3];
        new SecureRandom().nextBytes(r);
        id = "sbx-fw-" + java.util.HexFormat.of().formatHex(r);
        sandbox = id + "-s";
        work = Files.createTempDirectory(id);
        state = work.resolve("state");
        try {
            wire();
        } catch (RuntimeException | IOException e) {
            close();
            throw e;
        }
    }

    private void wire() throws IOException {
        String lan = id + "-l", peer = id + "-p", blocked = id + "-b";
        for (String ns : List.of(sandbox, lan, peer, blocked)) {
            Run.check("ip", "netns", "add", ns);
            namespaces.add(ns);
            Run.check("ip", "-n", ns, "link", "set", "lo", "up");
        }
        link(lan, "s0", "eth0", "10.77.0", "fd00:77:");
        link(peer, "eth0", "ok0", "10.77.1", "fd00:77:1:");
        link(blocked, "eth0", "no0", "10.77.2", "fd00:77:2:");
        Run.check("ip", "-n", lan, "addr", "add", OWN4 + "/24", "dev", "s0");
        Run.check("ip", "-n", lan, "addr", "add", OWN6 + "/64", "dev", "s0", "nodad");
        Run.check("ip", "-n", sandbox, "route", "add", "default", "via", GATEWAY4);
        Run.check("ip", "-n", sandbox, "-6", "route", "add", "default", "via", GATEWAY6);
        for (String a : List.of(REMOTE4, REMOTE_BLOCKED4, RESOLVER4, OTHER_RESOLVER4)) {
            Run.check("ip", "-n", lan, "addr", "add", a + "/32", "dev", "lo");
        }
        for (String a : List.of(REMOTE6, REMOTE_BLOCKED6, RESOLVER6, OTHER_RESOLVER6)) {
            Run.check("ip", "-n", lan, "addr", "add", a + "/128", "dev", "lo", "nodad");
        }
        Path netnsEtc = Path.of("/etc/netns", sandbox);
        Files.createDirectories(netnsEtc);
        Files.writeString(netnsEtc.resolve("resolv.conf"),
                "# the lab's resolvers\nnameserver " + RESOLVER4 + "\nnameserver " + RESOLVER6 + "\noptions ndots:0\n");
        List<Path> ready = new ArrayList<>();
        for (String ns : List.of(lan, peer, blocked)) {
            Path file = work.resolve(ns + ".ready");
            ready.add(file);
            children.add(Run.start(List.of("ip", "netns", "exec", ns, java(), "-cp", testClasses(),
                    PeerServer.class.getName(), file.toString(), "80", "22", "53"), Map.of()));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!ready.stream().allMatch(Files::exists)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("peer servers not ready: " + children.get(0).output());
            }
            sleep(20);
        }
    }

    /** A veth pair from the sandbox's {@code sandboxSide} to {@code ns}'s {@code peerSide}: .2 / .1 addresses. */
    private void link(String ns, String peerSide, String sandboxSide, String v4, String v6) {
        Run.check("ip", "-n", sandbox, "link", "add", sandboxSide, "type", "veth", "peer", "name", peerSide, "netns", ns);
        Run.check("ip", "-n", sandbox, "addr", "add", v4 + ".2/24", "dev", sandboxSide);
        Run.check("ip", "-n", sandbox, "addr", "add", v6 + ":2/64", "dev", sandboxSide, "nodad");
        Run.check("ip", "-n", ns, "addr", "add", v4 + ".1/24", "dev", peerSide);
        Run.check("ip", "-n", ns, "addr", "add", v6 + ":1/64", "dev", peerSide, "nodad");
        Run.check("ip", "-n", sandbox, "link", "set", sandboxSide, "up");
        Run.check("ip", "-n", ns, "link", "set", peerSide, "up");
    }

    /** A folder written into the lab's work dir, and the hash {@link Ruleset#hash()} gave it. */
    record Folder(Path dir, String hash) {}

    /**
     * Compiles these entries (addresses and CIDRs, one per line of an allowlist) with the real
     * compiler and renders its blocks into a folder in the lab's work dir.
     */
    Folder folder(String name, Mode mode, String... entries) throws Exception {
        CompiledAllowlist compiled = Allowlist.parseText("lab-allowlist.txt", String.join("\n", entries) + "\n")
                .withMode(mode).withFeeds(Feeds.none()).withPackageIndexes(PackageIndexes.none()).compile();
        Path dir = work.resolve(name);
        Ruleset ruleset = Ruleset.render(compiled.mode(), compiled.v4(), compiled.v6())
                .withFile("manifest.json", compiled.manifest());
        ruleset.writeTo(dir);
        return new Folder(dir, ruleset.hash());
    }

    /**
     * A PATH directory with every tool of the system PATH linked in, except {@code removed},
     * and {@code scripts} (name → sh body) in place of the real ones.
     */
    Path shim(String name, List<String> removed, Map<String, String> scripts) throws IOException {
        Path dir = Files.createDirectories(work.resolve(name));
        for (String entry : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            Path source = Path.of(entry);
            if (!Files.isDirectory(source)) {
                continue;
            }
            try (Stream<Path> tools = Files.list(source)) {
                for (Path tool : tools.toList()) {
                    Path link = dir.resolve(tool.getFileName().toString());
                    if (!removed.contains(link.getFileName().toString()) && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, tool);
                    }
                }
            }
        }
        for (Map.Entry<String, String> script : scripts.entrySet()) {
            Path file = dir.resolve(script.getKey());
            Files.deleteIfExists(file);
            Files.writeString(file, "#!/bin/sh\n" + script.getValue() + "\n");
            file.toFile().setExecutable(true, false);
        }
        return dir;
    }

    /** Every set and filter rule in the sandbox, without counters or random hash seeds. */
    String firewallDump() {
        // Members come out in hash order, which depends on the set's random seed.
        String sets = inSandbox(Map.of(), "ipset", "save").out().replaceAll(" initval 0x[0-9a-f]+", "")
                .lines().sorted().collect(java.util.stream.Collectors.joining("\n"));
        String v4 = inSandbox(Map.of(), "iptables-save", "-t", "filter").out();
        String v6 = inSandbox(Map.of(), "ip6tables-save", "-t", "filter").out();
        return sets + "\n" + (v4 + v6).replaceAll("\\[[0-9]+:[0-9]+\\]", "[]").lines()
                .filter(l -> !l.startsWith("#")).collect(java.util.stream.Collectors.joining("\n"));
    }

    /** The folder's own apply, run in the sandbox namespace: {@code sh DIR/apply ARGS…}. */
    Run.Result apply(Path script, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", sandbox));
        cmd.addAll(List.of("sh", script.toString()));
        cmd.addAll(List.of(args));
        return Run.run(cmd, withState(env), Duration.ofSeconds(60));
    }

    Run.Result apply(Path dir, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of(extraArgs));
        args.add(dir.toString());
        return apply(dir.resolve("apply"), Map.of(), args.toArray(String[]::new));
    }

    /** Runs a command in the sandbox namespace, prefixed by {@code ip netns exec S}. */
    Run.Result inSandbox(Map<String, String> env, String... command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", sandbox));
        cmd.addAll(List.of(command));
        return Run.run(cmd, withState(env), Duration.ofSeconds(60));
    }

    private Map<String, String> withState(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent("SANDBOX_STATE_DIR", state.toString());
        return all;
    }

    /** Probes from inside the sandbox: target ({@code tcp:HOST:PORT}) → outcome. */
    Map<String, String> probe(String... targets) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", sandbox, java(), "-cp", testClasses(),
                Probe.class.getName()));
        cmd.addAll(List.of(targets));
        Run.Result r = Run.run(cmd, Map.of(), Duration.ofSeconds(120));
        Map<String, String> out = new LinkedHashMap<>();
        r.out().lines().forEach(l -> out.put(l.substring(0, l.indexOf(' ')), l.substring(l.indexOf(' ') + 1)));
        if (out.size() != targets.length) {
            throw new IllegalStateException("probe failed: " + r.all());
        }
        return out;
    }

    /** A probe loop in the sandbox until {@code stop} exists; its output is the outcome counts. */
    Run.Child loop(Path stop, String... targets) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", sandbox, java(), "-cp", testClasses(),
                Probe.class.getName(), "--loop", stop.toString()));
        cmd.addAll(List.of(targets));
        Run.Child child = Run.start(cmd, Map.of());
        children.add(child);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!child.output().contains("started")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("probe loop did not start: " + child.output());
            }
            sleep(10);
        }
        return child;
    }

    /** The namespace's mark: lo's alias as a process in it reads it from sysfs ("" when unset). */
    String mark() {
        Run.Result r = inSandbox(Map.of(), "cat", "/sys/class/net/lo/ifalias");
        if (r.code() != 0) {
            throw new IllegalStateException("cannot read lo's alias: " + r.all());
        }
        return r.out().strip();
    }

    Map<String, String> state() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(state.resolve("firewall.state"))) {
            int eq = line.indexOf('=');
            values.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return values;
    }

    static String tcp(String host, int port) {
        return "tcp:" + host + ":" + port;
    }

    static String udp(String host, int port) {
        return "udp:" + host + ":" + port;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The test-classes root, for the JDK-only child mains (PeerServer, Probe). */
    static String testClasses() {
        try {
            Path cls = Path.of(Probe.class.getResource("Probe.class").toURI());
            return cls.getParent().getParent().getParent().getParent().toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        children.forEach(Run.Child::close);
        for (String ns : namespaces) {
            Run.run(List.of("ip", "netns", "delete", ns));
        }
        Path netnsEtc = Path.of("/etc/netns", sandbox);
        Files.deleteIfExists(netnsEtc.resolve("resolv.conf"));
        Files.deleteIfExists(netnsEtc);
        try (Stream<Path> paths = Files.walk(work)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
