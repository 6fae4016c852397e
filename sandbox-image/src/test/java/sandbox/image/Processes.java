package sandbox.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;

/** Runs a program with an argument list (never a shell string) for the integration tests. */
public final class Processes {

    public record Result(int exit, String out, String err) {
        public boolean ok() {
            return exit == 0;
        }

        @Override
        public String toString() {
            return "exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    private Processes() {
    }

    public static Result run(Duration timeout, List<String> command) {
        CommandLine cmd = new CommandLine(command.get(0));
        command.subList(1, command.size()).forEach(a -> cmd.addArgument(a, false));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DefaultExecutor exec = DefaultExecutor.builder().get();
        exec.setStreamHandler(new PumpStreamHandler(out, err));
        exec.setWatchdog(ExecuteWatchdog.builder().setTimeout(timeout).get());
        int exit;
        try {
            exit = exec.execute(cmd);
        } catch (ExecuteException e) {
            exit = e.getExitValue();
        } catch (IOException e) {
            return new Result(127, "", e.toString());
        }
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    public static Result docker(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        return run(Duration.ofSeconds(180), cmd);
    }

    public static boolean dockerAvailable() {
        return docker("version", "--format", "{{.Server.Version}}").ok();
    }

    /** The {@code tools} test base (iptables, ipset, iproute2, sudo): property, env, or the CI cache path. */
    public static java.nio.file.Path toolsBaseTar() {
        String p = System.getProperty("sandbox.test.tools.tar", System.getenv("SANDBOX_TEST_TOOLS_TAR"));
        return java.nio.file.Path.of(p != null && !p.isBlank() ? p : "/var/cache/sandbox-test/bookworm-tools.tar");
    }

    /** A {@code docker-registry serve} on a free loopback port, storage in {@code dir}, no auth; close stops it. */
    public record LocalRegistry(String address, org.apache.commons.exec.ExecuteWatchdog watchdog) implements AutoCloseable {
        @Override
        public void close() {
            watchdog.destroyProcess();
        }
    }

    public static LocalRegistry startRegistry(java.nio.file.Path dir) throws IOException, InterruptedException {
        return startRegistry(dir, "");
    }

    /**
     * As {@link #startRegistry(java.nio.file.Path)}, serving TLS with {@code cert}/{@code key} (PEM files)
     * when given, as a real registry does; the client must trust the certificate.
     */
    public static LocalRegistry startTlsRegistry(java.nio.file.Path dir, java.nio.file.Path cert, java.nio.file.Path key)
            throws IOException, InterruptedException {
        return startRegistry(dir, "  tls:\n    certificate: " + cert + "\n    key: " + key + "\n");
    }

    private static LocalRegistry startRegistry(java.nio.file.Path dir, String httpExtra) throws IOException, InterruptedException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        java.nio.file.Path config = dir.resolve("registry.yml");
        java.nio.file.Files.createDirectories(dir);
        java.nio.file.Files.writeString(config, "version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: "
                + dir.resolve("storage") + "\nhttp:\n  addr: 127.0.0.1:" + port + "\n" + httpExtra);
        DefaultExecutor exec = DefaultExecutor.builder().get();
        ExecuteWatchdog watchdog = ExecuteWatchdog.builder().setTimeout(Duration.ofMinutes(30)).get();
        exec.setWatchdog(watchdog);
        exec.setStreamHandler(new PumpStreamHandler(java.io.OutputStream.nullOutputStream()));
        exec.execute(new CommandLine("docker-registry").addArgument("serve").addArgument(config.toString(), false),
                new org.apache.commons.exec.DefaultExecuteResultHandler());
        for (int i = 0; i < 100; i++) {
            try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                return new LocalRegistry("127.0.0.1:" + port, watchdog);
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        watchdog.destroyProcess();
        throw new IOException("docker-registry did not listen on 127.0.0.1:" + port);
    }

    public static String randomName() {
        return "sbx-img-" + Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 8);
    }
}
