package sandbox.cli.up;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Docker daemon of the test's own, so a test can stop and start "the daemon" without
 * touching the one other tests share: own data, exec root (hence its own containerd), pid
 * file and socket, and a network namespace of its own (entered with nsenter, which leaves the
 * mounts alone): its {@code docker0}, addresses and rules live there. In the host's namespace a
 * second dockerd deletes the host daemon's {@code docker0} at start whenever it is given another
 * bridge (or none), which broke every later test on the default bridge. Stopped, its folders
 * and namespace removed by {@link #close()}, whatever state it is in.
 */
final class PrivateDaemon implements AutoCloseable {

    private final Path dir;
    private final String pool;
    private final String netns;
    private Process process;

    private PrivateDaemon(Path dir, String pool) {
        this.dir = dir;
        this.pool = pool;
        this.netns = "sbxrst" + Long.toHexString(0x1000000L | (System.nanoTime() & 0xffffffL)).substring(1);
    }

    /** Why a private daemon cannot run here, if it cannot. */
    static Optional<String> unavailable() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("a private dockerd needs root (running as " + System.getProperty("user.name") + ")");
        }
        for (String tool : List.of("dockerd", "containerd", "docker", "nsenter", "ip")) {
            if (Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                    .noneMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, tool)))) {
                return Optional.of(tool + " is not on the PATH");
            }
        }
        return Optional.empty();
    }

    /**
     * @param pool the default address pool, e.g. {@code 10.213.0.0/16} (split into /24s; the
     *             private default bridge takes one of them)
     */
    static PrivateDaemon start(Path dir, String pool) throws IOException, InterruptedException {
        PrivateDaemon d = new PrivateDaemon(dir, pool);
        try {
            ip("netns", "add", d.netns);
            ip("-n", d.netns, "link", "set", "lo", "up");
            d.startProcess();
        } catch (IOException | InterruptedException | RuntimeException e) {
            d.close();
            throw e;
        }
        return d;
    }

    /** Its network namespace, for nsenter. */
    String netnsPath() {
        return "/run/netns/" + netns;
    }

    String host() {
        return "unix://" + dir.resolve("docker.sock");
    }

    Path log() {
        return dir.resolve("dockerd.log");
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
        }
    }

    private List<String> command() {
        return List.of("nsenter", "--net=" + netnsPath(), "dockerd", "--data-root", dir.resolve("data").toString(),
                "--exec-root", dir.resolve("exec").toString(),
                "--pidfile", dir.resolve("dockerd.pid").toString(), "-H", host(), "--iptables=false",
                "--ip6tables=false", "--ip-forward=false", "--ip-masq=false",
                "--default-address-pool", "base=" + pool + ",size=24");
    }

    private void startProcess() throws IOException, InterruptedException {
        Files.createDirectories(dir);
        process = new ProcessBuilder(command()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!answers()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the private dockerd exited (" + process.exitValue() + "): " + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the private dockerd did not answer in 60 s: " + tail());
            }
            Thread.sleep(200);
        }
    }

    private boolean answers() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("docker", "-H", host(), "version", "--format", "{{.Server.Version}}")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return false;
        }
        return p.exitValue() == 0;
    }

    /** SIGTERM, as a service manager stops the daemon; it stops its containers first. */
    void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Stop, then start again with the same flags and folders: a daemon restart. */
    void restart() throws IOException, InterruptedException {
        stop();
        startProcess();
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        // A daemon killed mid-way can leave overlay and shm mounts under its roots: never delete through them.
        List<String> mounts = new ArrayList<>();
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/mounts"))) {
            lines.map(l -> l.split(" ")[1]).filter(m -> m.startsWith(dir.toString() + "/")).forEach(mounts::add);
        } catch (IOException e) {
            // nothing to unmount we can see
        }
        mounts.sort(Comparator.reverseOrder());
        for (String m : mounts) {
            try {
                new ProcessBuilder("umount", "-l", m).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
            } catch (IOException e) {
                // left for the next line to report
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("PrivateDaemon: could not remove " + dir + ": " + e.getMessage());
        }
        try {
            ip("netns", "delete", netns);
        } catch (IOException e) {
            // never created, or already gone
        }
    }
}
