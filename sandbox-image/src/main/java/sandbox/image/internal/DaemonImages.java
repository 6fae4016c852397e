package sandbox.image.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.DescriptorDigest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;

/** The two questions {@link DaemonLoad} asks the docker CLI: which layers are there, and load this. */
final class DaemonImages {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path docker;

    DaemonImages(Path docker) {
        this.docker = docker;
    }

    /**
     * How many leading layers of {@code diffIds} some image in {@code names} has, in that order
     * (the same chain, so the daemon holds those layers). One {@code docker image inspect} for all
     * names; a name the daemon does not have just adds nothing.
     */
    int sharedPrefix(List<String> names, List<DescriptorDigest> diffIds) {
        CommandLine cmd = new CommandLine(docker.toString()).addArgument("image").addArgument("inspect")
                .addArgument("--format").addArgument("{{json .RootFS.Layers}}", false);
        names.forEach(n -> cmd.addArgument(n, false));
        String out;
        try {
            // Exit 1 when a name is missing; the ones found are still printed, one line each.
            out = run(cmd, true);
        } catch (IOException e) {
            return 0;
        }
        int best = 0;
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode layers = JSON.readTree(line);
                int n = 0;
                while (n < layers.size() && n < diffIds.size() && layers.get(n).asText().equals(diffIds.get(n).toString())) {
                    n++;
                }
                best = Math.max(best, n);
            } catch (IOException e) {
                // Not a layer list (a daemon warning on stdout): it names no layers.
            }
        }
        return best;
    }

    /** {@code docker load -i tar}; its output ("Loaded image: …"). */
    String load(Path tar) throws IOException {
        return run(new CommandLine(docker.toString()).addArgument("load").addArgument("-i")
                .addArgument(tar.toString(), false), false);
    }

    private static String run(CommandLine cmd, boolean anyExit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DefaultExecutor exec = DefaultExecutor.builder().get();
        exec.setStreamHandler(new PumpStreamHandler(out, err));
        exec.setWatchdog(ExecuteWatchdog.builder().setTimeout(Duration.ofMinutes(10)).get());
        if (anyExit) {
            exec.setExitValues(null);
        }
        try {
            exec.execute(cmd);
        } catch (ExecuteException e) {
            throw new IOException("'docker " + cmd.getArguments()[0] + "' failed: "
                    + err.toString(StandardCharsets.UTF_8).trim(), e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
