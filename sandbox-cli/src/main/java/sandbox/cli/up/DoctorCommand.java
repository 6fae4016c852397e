package sandbox.cli.up;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import sandbox.api.Arguments;
import sandbox.api.Command;
import sandbox.api.ContainerRuntime.ProcessResult;
import sandbox.api.Invocation;
import sandbox.api.Project;
import sandbox.api.SandboxException;
import sandbox.cli.runtime.Engine;
import sandbox.cli.runtime.ExecProcesses;
import sandbox.cli.runtime.Processes;

/**
 * {@code sandbox doctor}: what stands between this machine and a working sandbox, each
 * problem with its fix. Exit 1 when anything failed.
 */
public final class DoctorCommand implements Command {

    private enum Level { OK, WARN, FAIL }

    private record Check(Level level, String what, String fix) { }

    @Override
    public String name() {
        return "doctor";
    }

    @Override
    public String summary() {
        return "check the runtime, kernel firewall support, secret file and state, with a fix for each problem";
    }

    @Override
    public String usage() {
        return """
                Usage: sandbox doctor

                Checks: the container runtime is installed and its daemon answers; the kernel supports
                iptables, ip6tables and ipset (probed in a throwaway container of the sandbox image with
                NET_ADMIN and no network); the secret file is 0600, a regular file and ignored by git;
                .sandbox/ holds a compiled firewall; the running firewall's mode and drift.
                """;
    }

    @Override
    public int run(Invocation inv) throws SandboxException {
        Arguments args = Arguments.parse(inv.args(), Set.of(), Set.of("--runtime")).atMostPositionals(0);
        List<Check> checks = new ArrayList<>();
        UpOptions options = UpOptions.resolve(UpRecord.effective(UpOptions.withFlags(inv.settings(), args),
                inv.project()), inv.project());
        Processes processes = new ExecProcesses(System.getenv());
        runtime(inv, options, checks).ifPresent(engine -> {
            try {
                kernel(engine, options, checks);
                running(engine, options, inv.project(), checks);
            } catch (SandboxException e) {
                checks.add(new Check(Level.FAIL, e.getMessage(), e.hint().orElse("see the message")));
            }
        });
        secret(inv.project(), processes, checks);
        state(inv.project(), processes, checks);
        for (Check c : checks) {
            inv.console().out().println(switch (c.level()) {
                case OK -> "ok    ";
                case WARN -> "warn  ";
                case FAIL -> "FAIL  ";
            } + c.what() + (c.fix().isEmpty() ? "" : "\n      fix: " + c.fix()));
        }
        return checks.stream().anyMatch(c -> c.level() == Level.FAIL) ? 1 : 0;
    }

    private static Optional<Engine> runtime(Invocation inv, UpOptions options, List<Check> checks) {
        try {
            Engine engine = Context.engine(inv, options.runtime());
            checks.add(new Check(Level.OK, "container runtime: " + engine.name() + " installed", ""));
            String version = engine.serverVersion();
            checks.add(new Check(Level.OK, engine.isPodman() ? "podman " + version + " works (it needs no daemon)"
                    : engine.name() + " daemon answers (server " + version + ")", ""));
            return Optional.of(engine);
        } catch (SandboxException e) {
            checks.add(new Check(Level.FAIL, e.getMessage(), e.hint().orElse("")));
            return Optional.empty();
        }
    }

    /** iptables, ip6tables and ipset inside a throwaway container: what the firewall container will need. */
    private static void kernel(Engine engine, UpOptions options, List<Check> checks) throws SandboxException {
        if (engine.inspectImage(options.imageName()).isEmpty()) {
            checks.add(new Check(Level.WARN, "kernel firewall support not probed: image " + options.imageName()
                    + " not built yet", "run 'sandbox up' (or 'sandbox build'), then 'sandbox doctor' again"));
            return;
        }
        List<String> failed = new ArrayList<>();
        for (List<String> probe : List.of(List.of("ipset", "create", "sbx-doctor", "hash:net", "family", "inet"),
                List.of("iptables", "-w", "-S", "OUTPUT"), List.of("ip6tables", "-w", "-S", "OUTPUT"))) {
            List<String> a = new ArrayList<>(List.of("--network", "none", "--user", "0", "--cap-add", "NET_ADMIN",
                    "--cap-add", "NET_RAW", "--entrypoint", probe.get(0), options.imageName()));
            a.addAll(probe.subList(1, probe.size()));
            ProcessResult r = engine.runOnce(a);
            if (!r.ok()) {
                failed.add(probe.get(0) + ": " + Engine.oneLineOf(r.stderr().isBlank() ? r.stdout() : r.stderr()));
            }
        }
        checks.add(failed.isEmpty()
                ? new Check(Level.OK, "kernel supports iptables, ip6tables and ipset in containers", "")
                : new Check(Level.FAIL, "kernel firewall support missing (" + String.join("; ", failed)
                        + "): the sandbox would run FIREWALL DEGRADED",
                        "load the modules (modprobe ip_tables ip6_tables ip_set ip_set_hash_net xt_set) or use a"
                                + " kernel with nf_tables and ipset; 'up --require-firewall' refuses to run without them"));
    }

    private static void running(Engine engine, UpOptions options, Project project, List<Check> checks)
            throws SandboxException {
        Names n = options.names();
        if (!engine.isRunning(n.firewall())) {
            checks.add(new Check(Level.WARN, "the sandbox is not running (" + n.firewall() + ")",
                    UpRecord.read(project).isPresent() ? "run 'sandbox up --last' (the last up's settings)" : "run 'sandbox up'"));
            return;
        }
        Optional<FirewallState> state = new Verifier(engine, n).state();
        if (state.isEmpty()) {
            checks.add(new Check(Level.FAIL, n.firewall() + " has recorded no firewall state",
                    "see 'sandbox logs --firewall'; then 'sandbox down' and 'sandbox up'"));
            return;
        }
        String mode = state.get().mode();
        checks.add(mode.equals("strict") ? new Check(Level.OK, "firewall strict in " + n.firewall(), "")
                : new Check(mode.equals("degraded") ? Level.FAIL : Level.WARN, "firewall " + mode + " in " + n.firewall(),
                        mode.equals("degraded") ? "see the kernel check above" : "'sandbox up --mode strict'"));
        Optional<String> compiled = StatusCommand.compiledHash(project);
        if (compiled.isPresent() && state.get().hash().isPresent() && !compiled.equals(state.get().hash())) {
            checks.add(new Check(Level.WARN, "compiled rules differ from the applied ones", "run 'sandbox firewall refresh'"));
        }
    }

    private static void secret(Project project, Processes processes, List<Check> checks) {
        Path env = project.envFile();
        String shown = project.display(env);
        if (Files.isSymbolicLink(env)) {
            checks.add(new Check(Level.FAIL, shown + " is a symbolic link", "remove it; 'sandbox secrets init' makes a real file"));
            return;
        }
        if (!Files.exists(env, LinkOption.NOFOLLOW_LINKS)) {
            checks.add(new Check(Level.WARN, shown + " does not exist yet", "'sandbox up' (or 'sandbox secrets init') creates it"));
            return;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(env, LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> allowed = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            checks.add(allowed.containsAll(perms) ? new Check(Level.OK, shown + " is mode 0600", "")
                    : new Check(Level.FAIL, shown + " is readable by others (" + java.nio.file.attribute.PosixFilePermissions
                    .toString(perms) + ")", "chmod 600 " + shown));
        } catch (IOException | UnsupportedOperationException e) {
            checks.add(new Check(Level.WARN, "cannot read the mode of " + shown + ": " + e.getMessage(),
                    "keep the project on a filesystem with POSIX permissions"));
        }
        gitIgnored(project, processes, ".devcontainer/.env", checks);
    }

    private static void state(Project project, Processes processes, List<Check> checks) {
        Path manifest = project.firewallDir().resolve("manifest.json");
        checks.add(Files.isRegularFile(manifest)
                ? new Check(Level.OK, project.display(project.firewallDir()) + " holds a compiled firewall", "")
                : new Check(Level.WARN, project.display(project.firewallDir()) + " has no compiled firewall",
                        "'sandbox up' or 'sandbox firewall compile' writes it"));
        if (Files.isDirectory(project.stateDir())) {
            gitIgnored(project, processes, ".sandbox/", checks);
        }
    }

    private static void gitIgnored(Project project, Processes processes, String path, List<Check> checks) {
        if (!processes.installed("git")) {
            return;
        }
        try {
            ProcessResult r = processes.run(List.of("git", "-C", project.root().toString(), "check-ignore", "-q", path),
                    new byte[0], Duration.ofSeconds(10));
            if (r.exitCode() == 0) {
                checks.add(new Check(Level.OK, path + " is ignored by git", ""));
            } else if (r.exitCode() == 1) {
                checks.add(new Check(Level.FAIL, path + " is NOT ignored by git", "add '/" + path + "' to .gitignore"));
            }
            // 128: not a git repository; nothing to protect.
        } catch (IOException e) {
            // git vanished between the checks; nothing to report.
        }
    }
}
