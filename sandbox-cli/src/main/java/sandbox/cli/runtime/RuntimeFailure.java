package sandbox.cli.runtime;

import java.util.List;
import java.util.Locale;
import sandbox.api.ContainerRuntime.ProcessResult;
import sandbox.api.SandboxException;

/**
 * A failed runtime call as one line a user can act on: what failed, the runtime's own last
 * line of stderr, and a hint when the cause is known (not installed, daemon not running,
 * no permission on the socket).
 */
final class RuntimeFailure {

    private RuntimeFailure() {
    }

    /** One line: what failed, the runtime's own words, what to do. */
    static SandboxException of(String executable, String action, ProcessResult r) {
        String said = oneLine(r.stderr().isBlank() ? r.stdout() : r.stderr());
        if (daemonDown(r.stderr())) {
            // A local podman has no daemon; only a remote one (CONTAINER_HOST, podman --remote) does.
            return new SandboxException(executable + " " + action + " failed: the " + executable
                    + (executable.equals("podman") ? " service (remote Podman)" : " daemon") + " is not running (" + said
                    + ")", null, executable.equals("podman")
                            ? "unset CONTAINER_HOST to use the local podman, or start the service: systemctl --user start"
                                    + " podman.socket"
                            : "start it: sudo systemctl start docker (or run dockerd), then retry", null);
        }
        String podmanHint = podmanHint(r.stderr());
        if (executable.equals("podman") && !podmanHint.isEmpty()) {
            return new SandboxException("podman " + action + " failed (exit " + r.exitCode() + "): " + said, null,
                    podmanHint, null);
        }
        if (r.stderr().toLowerCase(Locale.ROOT).contains("permission denied") && r.stderr().contains(".sock")) {
            return new SandboxException(executable + " " + action + " failed: no permission to use the daemon ("
                    + said + ")", null, "add your user to the 'docker' group, or run as root", null);
        }
        return new SandboxException(executable + " " + action + " failed (exit " + r.exitCode() + "): " + said);
    }

    /** What to do about the Podman failures a fresh Debian host meets; empty when none matches. */
    static String podmanHint(String stderr) {
        if (stderr.contains("container-init binary not found")) {
            return "--init needs catatonit: apt-get install catatonit";
        }
        if (stderr.contains("error setting rlimit")) {
            return "this host's root cannot raise limits (no CAP_SYS_RESOURCE); set default_ulimits in"
                    + " /etc/containers/containers.conf within 'ulimit -Hn' and 'ulimit -Hu'";
        }
        if (stderr.contains("has dependent containers")) {
            return "remove the agent container first ('sandbox down')";
        }
        return "";
    }

    static boolean daemonDown(String stderr) {
        String s = stderr.toLowerCase(Locale.ROOT);
        return s.contains("cannot connect to the docker daemon") || s.contains("is the docker daemon running")
                || s.contains("cannot connect to podman") || s.contains("unable to connect to podman");
    }

    static boolean missing(ProcessResult r) {
        String s = r.stderr().toLowerCase(Locale.ROOT);
        return s.contains("no such") || s.contains("not found") || s.contains("does not exist")
                || s.contains("no container with name") || s.contains("image not known");
    }

    static String oneLine(String text) {
        List<String> lines = text.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            return "no message";
        }
        // The CLI's usage reminder comes after the error itself ("docker: Error …" then "Run 'docker
        // run --help'"): the last line that is not such a reminder says what went wrong.
        String last = lines.get(lines.size() - 1);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).startsWith("Run '") && !lines.get(i).startsWith("See '")) {
                last = lines.get(i);
                break;
            }
        }
        return last.length() > 400 ? last.substring(0, 400) + "…" : last;
    }

    static SandboxException notInstalled(String name) {
        return new SandboxException(name + " is not installed (not found on the PATH)", null,
                name.equals("podman") ? "install Podman (apt-get install podman) or use --runtime docker"
                        : "install Docker (apt-get install docker.io) or use --runtime podman", null);
    }

}
