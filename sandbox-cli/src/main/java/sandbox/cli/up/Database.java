package sandbox.cli.up;

import java.util.List;
import java.util.Optional;
import sandbox.api.SandboxException;
import sandbox.cli.runtime.ContainerInfo;
import sandbox.cli.runtime.Engine;
import sandbox.cli.runtime.RunSpec;

/** Step 6: the Postgres sidecar, started (or kept) and healthy before the sandbox. */
final class Database {

    private final Engine engine;
    private final UpOptions options;
    private final Progress progress;
    private final List<String> actions;
    private final List<String> warnings;

    Database(Engine engine, UpOptions options, Progress progress, List<String> actions, List<String> warnings) {
        this.engine = engine;
        this.options = options;
        this.progress = progress;
        this.actions = actions;
        this.warnings = warnings;
    }

    void ensure(RunSpec spec) throws SandboxException {
        if (!options.dbImage().contains("@sha256:")) {
            String w = "db.image " + options.dbImage() + " is not pinned by digest; pin it (NAME@sha256:...) so every up"
                    + " runs the same database";
            warnings.add(w);
        }
        Optional<ContainerInfo> current = engine.inspect(spec.name());
        if (current.isPresent() && Up.sameSpec(current.get(), spec)) {
            if (!current.get().running()) {
                progress.step("starting the database " + spec.name());
                engine.start(spec.name());
                actions.add("database started");
            }
        } else {
            engine.remove(spec.name());
            progress.step((current.isPresent() ? "recreating" : "starting") + " the database " + spec.name()
                    + " (data in volume " + options.names().dataVolume() + ")");
            engine.run(spec);
            actions.add(current.isPresent() ? "database recreated" : "database created");
        }
        awaitHealthy(spec.name());
    }

    private void awaitHealthy(String name) throws SandboxException {
        long deadline = System.nanoTime() + options.dbWait().toNanos();
        while (true) {
            ContainerInfo info = engine.inspect(name).orElseThrow(() -> new SandboxException(
                    "the database container " + name + " disappeared"));
            String health = info.health().orElse("none");
            if (health.equals("healthy")) {
                progress.step("database healthy");
                return;
            }
            if (!info.running() || health.equals("unhealthy") || System.nanoTime() > deadline) {
                String log = String.join(" | ", engine.logs(name, 6).lines().toList());
                throw new SandboxException("the database " + name + " is " + (info.running() ? health : "stopped (exit "
                        + info.exitCode() + ")") + "; its log: " + log, null,
                        "check db.image and the volume " + options.names().dataVolume()
                                + "; raise db.wait.seconds on a slow machine", null);
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandboxException("interrupted while waiting for the database");
            }
        }
    }
}
