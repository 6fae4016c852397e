package sandbox.cli.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A detached container, described as data and rendered to the runtime's {@code run}
 * arguments. Environment values given here must not be secrets: secrets travel in the
 * {@code --env-file}, never on a command line.
 */
public record RunSpec(String name, String image, String network, List<String> networkAliases,
                      List<String> capAdd, List<String> capDrop, List<String> mounts, Map<String, String> labels,
                      Optional<String> envFile, Map<String, String> environment, List<String> publish,
                      Optional<String> restart, boolean init, Optional<String> healthCommand,
                      Optional<String> user, List<String> command) {

    public RunSpec {
        networkAliases = List.copyOf(networkAliases);
        capAdd = List.copyOf(capAdd);
        capDrop = List.copyOf(capDrop);
        mounts = List.copyOf(mounts);
        labels = Map.copyOf(new LinkedHashMap<>(labels));
        environment = Map.copyOf(environment);
        publish = List.copyOf(publish);
        command = List.copyOf(command);
    }

    public static Builder builder(String name, String image) {
        return new Builder(name, image);
    }

    /** The arguments after the runtime's executable: {@code run -d --name …}. Sorted maps keep them stable. */
    public List<String> arguments() {
        List<String> a = new ArrayList<>(List.of("run", "-d", "--name", name));
        new java.util.TreeMap<>(labels).forEach((k, v) -> a.addAll(List.of("--label", k + "=" + v)));
        a.addAll(List.of("--network", network));
        networkAliases.forEach(n -> a.addAll(List.of("--network-alias", n)));
        capDrop.forEach(c -> a.addAll(List.of("--cap-drop", c)));
        capAdd.forEach(c -> a.addAll(List.of("--cap-add", c)));
        if (init) {
            a.add("--init");
        }
        restart.ifPresent(r -> a.addAll(List.of("--restart", r)));
        user.ifPresent(u -> a.addAll(List.of("--user", u)));
        envFile.ifPresent(f -> a.addAll(List.of("--env-file", f)));
        new java.util.TreeMap<>(environment).forEach((k, v) -> a.addAll(List.of("-e", k + "=" + v)));
        mounts.forEach(m -> a.addAll(List.of("--mount", m)));
        publish.forEach(p -> a.addAll(List.of("-p", p)));
        healthCommand.ifPresent(h -> a.addAll(List.of("--health-cmd", h, "--health-interval", "1s",
                "--health-timeout", "5s", "--health-retries", "60", "--health-start-period", "2s")));
        a.add(image);
        a.addAll(command);
        return List.copyOf(a);
    }

    /** Collects a spec; {@link #build()} makes the immutable value. */
    public static final class Builder {
        private final String name;
        private final String image;
        private String network = "bridge";
        private final List<String> aliases = new ArrayList<>();
        private final List<String> capAdd = new ArrayList<>();
        private final List<String> capDrop = new ArrayList<>();
        private final List<String> mounts = new ArrayList<>();
        private final Map<String, String> labels = new LinkedHashMap<>();
        private Optional<String> envFile = Optional.empty();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> publish = new ArrayList<>();
        private Optional<String> restart = Optional.empty();
        private boolean init;
        private Optional<String> health = Optional.empty();
        private Optional<String> user = Optional.empty();
        private final List<String> command = new ArrayList<>();

        private Builder(String name, String image) {
            this.name = name;
            this.image = image;
        }

        public Builder network(String n) { this.network = n; return this; }
        public Builder networkAlias(String a) { aliases.add(a); return this; }
        public Builder capAdd(List<String> caps) { capAdd.addAll(caps); return this; }
        public Builder capDrop(List<String> caps) { capDrop.addAll(caps); return this; }
        public Builder volume(String volume, String target) {
            mounts.add("type=volume,source=" + volume + ",target=" + target);
            return this;
        }
        public Builder bind(String hostPath, String target, boolean readOnly) {
            mounts.add("type=bind,source=" + hostPath + ",target=" + target + (readOnly ? ",readonly" : ""));
            return this;
        }
        public Builder label(String k, String v) { labels.put(k, v); return this; }
        public Builder envFile(String f) { envFile = Optional.of(f); return this; }
        public Builder env(String k, String v) { environment.put(k, v); return this; }
        public Builder publish(String p) { publish.add(p); return this; }
        public Builder restart(String policy) { restart = Optional.of(policy); return this; }
        public Builder init(boolean on) { init = on; return this; }
        public Builder healthCommand(String shellCommand) { health = Optional.of(shellCommand); return this; }
        public Builder user(String u) { user = Optional.of(u); return this; }
        public Builder command(List<String> c) { command.addAll(c); return this; }

        public RunSpec build() {
            return new RunSpec(name, image, network, aliases, capAdd, capDrop, mounts, labels, envFile, environment,
                    publish, restart, init, health, user, command);
        }
    }
}
