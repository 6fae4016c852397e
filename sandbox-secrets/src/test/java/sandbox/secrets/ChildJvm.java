package sandbox.secrets;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecuteResultHandler;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;

/**
 * Starts {@link EnsureProcess} in a new JVM (class path = this test's module and class
 * paths), optionally under {@code umask 000} through a fixed {@code sh -c} script whose
 * arguments are positional parameters.
 */
final class ChildJvm {

    /** A running child; {@link #await()} gives its stdout once it exits 0. */
    static final class Running {
        private final DefaultExecuteResultHandler handler;
        private final ByteArrayOutputStream out;
        private final ByteArrayOutputStream err;

        Running(DefaultExecuteResultHandler handler, ByteArrayOutputStream out, ByteArrayOutputStream err) {
            this.handler = handler;
            this.out = out;
            this.err = err;
        }

        boolean done() {
            return handler.hasResult();
        }

        String await() throws InterruptedException {
            handler.waitFor(Duration.ofSeconds(120));
            if (!handler.hasResult() || handler.getExitValue() != 0) {
                throw new AssertionError("child JVM failed: " + err.toString(StandardCharsets.UTF_8));
            }
            return out.toString(StandardCharsets.UTF_8).strip();
        }
    }

    private ChildJvm() {
    }

    static Running start(boolean umask000, String... args) throws Exception {
        List<String> classPath = new ArrayList<>();
        for (String key : List.of("jdk.module.path", "java.class.path")) {
            String v = System.getProperty(key, "");
            if (!v.isEmpty()) {
                classPath.addAll(List.of(v.split(File.pathSeparator)));
            }
        }
        // Surefire patches test classes into the module; on the class path they are a folder of their own.
        classPath.add(Path.of("target/test-classes").toAbsolutePath().toString());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        CommandLine cmd;
        if (umask000) {
            cmd = new CommandLine("sh");
            cmd.addArgument("-c", false);
            cmd.addArgument("umask 000 && exec \"$@\"", false);
            cmd.addArgument("sh", false);
            cmd.addArgument(java, false);
        } else {
            cmd = new CommandLine(java);
        }
        cmd.addArgument("-cp", false);
        cmd.addArgument(String.join(File.pathSeparator, classPath), false);
        cmd.addArgument(EnsureProcess.class.getName(), false);
        for (String a : args) {
            cmd.addArgument(a, false);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DefaultExecutor executor = DefaultExecutor.builder().get();
        executor.setStreamHandler(new PumpStreamHandler(out, err));
        executor.setWatchdog(ExecuteWatchdog.builder().setTimeout(Duration.ofSeconds(120)).get());
        DefaultExecuteResultHandler handler = new DefaultExecuteResultHandler();
        executor.execute(cmd, handler);
        return new Running(handler, out, err);
    }
}
