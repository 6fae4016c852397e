package sandbox.image;

import com.google.common.collect.ImmutableSortedMap;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import sandbox.api.Project;
import sandbox.api.SandboxException;
import sandbox.api.Settings;
import sandbox.image.internal.PlanInputs;
import sandbox.image.internal.PlanSettings;

/**
 * Everything an image is made of, as one immutable value: the base, the platforms, the user,
 * the container configuration, the sandbox layer's inputs and the lock for the package
 * layers. {@link #hash()} covers every input, file contents included, so a caller can skip
 * a rebuild when nothing changed.
 *
 * <pre>{@code
 * ImagePlan plan = ImagePlan.from(project, settings).withBase(BaseImage.parse("tar:///tmp/base.tar"));
 * BuiltImage image = ImageBuilder.to(ImageTarget.parse("tar:/tmp/out.tar")).build(plan, events::add);
 * }</pre>
 */
public record ImagePlan(BaseImage base, List<String> platforms, ImageUser user, String workdir,
                        SortedMap<String, String> env, SortedMap<String, String> labels, List<String> entrypoint,
                        List<String> cmd, boolean sudo, String applyScript, SortedMap<String, Path> seedFiles,
                        Optional<Path> lockFile, Format format) {

    /** Docker v2.2 (the default: Docker 20.10 rejects OCI tars) or OCI. */
    public enum Format { DOCKER, OCI }

    /** The label that carries {@link #hash()} in the built image. */
    public static final String PLAN_HASH_LABEL = "dev.sandbox.image.plan-hash";
    public static final String ENTRYPOINT = "/usr/local/sbin/sandbox-init";
    public static final String APPLY_SCRIPT_PATH = "/usr/local/sbin/sandbox-firewall-apply";
    public static final String SEED_PATH = "/usr/local/share/sandbox/seed";
    public static final String SUDOERS_PATH = "/etc/sudoers.d/claude";

    public ImagePlan {
        platforms = List.copyOf(platforms);
        env = ImmutableSortedMap.copyOf(env);
        labels = ImmutableSortedMap.copyOf(labels);
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        seedFiles = ImmutableSortedMap.copyOf(seedFiles);
        if (platforms.isEmpty()) {
            throw new IllegalArgumentException("a plan needs at least one platform");
        }
        for (String p : platforms) {
            if (!p.matches("[a-z0-9]+/[a-z0-9]+(/[a-z0-9]+)?")) {
                throw new IllegalArgumentException("platform '" + p + "' is not OS/ARCH");
            }
        }
        if (!workdir.startsWith("/")) {
            throw new IllegalArgumentException("workdir must be absolute: " + workdir);
        }
    }

    /** The defaults for {@code base}: user claude, /workspace, strict firewall, UTC, no seeds, no lock. */
    public static ImagePlan of(BaseImage base) {
        ImageUser user = ImageUser.CLAUDE;
        return new ImagePlan(base, List.of("linux/" + hostArchitecture()), user, "/workspace",
                new TreeMap<>(Map.of("CLAUDE_CONFIG_DIR", user.home() + "/.claude", "TZ", "UTC", "FIREWALL_MODE", "strict")),
                new TreeMap<>(Map.of("org.opencontainers.image.title", "sandbox")), List.of(ENTRYPOINT),
                List.of("sleep", "infinity"), true, "", new TreeMap<>(), Optional.empty(), Format.DOCKER);
    }

    /**
     * The plan the settings describe: {@code image.base}, {@code image.platforms},
     * {@code image.format}, {@code image.sudo}, {@code tz}, {@code firewall.mode},
     * {@code image.source}/{@code image.revision} (default: the project's git origin and HEAD),
     * the seed files under {@code config/seed/} and the lock {@code config/sandbox.lock} when present.
     */
    public static ImagePlan from(Project project, Settings settings) throws SandboxException {
        return PlanSettings.read(project, settings);
    }

    public ImagePlan withBase(BaseImage newBase) {
        return new ImagePlan(newBase, platforms, user, workdir, env, labels, entrypoint, cmd, sudo, applyScript,
                seedFiles, lockFile, format);
    }

    public ImagePlan withPlatforms(List<String> newPlatforms) {
        return new ImagePlan(base, newPlatforms, user, workdir, env, labels, entrypoint, cmd, sudo, applyScript,
                seedFiles, lockFile, format);
    }

    public ImagePlan withEnv(String name, String value) {
        SortedMap<String, String> copy = new TreeMap<>(env);
        copy.put(name, value);
        return new ImagePlan(base, platforms, user, workdir, copy, labels, entrypoint, cmd, sudo, applyScript,
                seedFiles, lockFile, format);
    }

    public ImagePlan withLabel(String name, String value) {
        SortedMap<String, String> copy = new TreeMap<>(labels);
        copy.put(name, value);
        return new ImagePlan(base, platforms, user, workdir, env, copy, entrypoint, cmd, sudo, applyScript,
                seedFiles, lockFile, format);
    }

    public ImagePlan withCmd(List<String> newCmd) {
        return new ImagePlan(base, platforms, user, workdir, env, labels, entrypoint, newCmd, sudo, applyScript,
                seedFiles, lockFile, format);
    }

    /** {@code false}: no sudoers entry at all (SECURITY.md: passwordless sudo is the default). */
    public ImagePlan withSudo(boolean enabled) {
        return new ImagePlan(base, platforms, user, workdir, env, labels, entrypoint, cmd, enabled, applyScript,
                seedFiles, lockFile, format);
    }

    /** The firewall's apply script text, shipped as {@value #APPLY_SCRIPT_PATH}. */
    public ImagePlan withApplyScript(String script) {
        return new ImagePlan(base, platforms, user, workdir, env, labels, entrypoint, cmd, sudo, script,
                seedFiles, lockFile, format);
    }

    /** Files copied into {@code ~/.claude} when missing, keyed by their path relative to it. */
    public ImagePlan withSeedFiles(Map<String, Path> files) {
        return new ImagePlan(base, platforms, user, workdir, env, labels, entrypoint, cmd, sudo, applyScript,
                new TreeMap<>(files), lockFile, format);
    }

    public ImagePlan withLockFile(Optional<Path> lock) {
        return new ImagePlan(base, platforms, user, workdir, env, labels, entrypoint, cmd, sudo, applyScript,
                seedFiles, lock, format);
    }

    public ImagePlan withFormat(Format newFormat) {
        return new ImagePlan(base, platforms, user, workdir, env, labels, entrypoint, cmd, sudo, applyScript,
                seedFiles, lockFile, newFormat);
    }

    /** The container's environment: {@link #env()} plus the user {@code sandbox-init} switches to. */
    public SortedMap<String, String> containerEnvironment() {
        SortedMap<String, String> all = new TreeMap<>(env);
        all.put("SANDBOX_USER", user.name());
        all.put("SANDBOX_UID", Integer.toString(user.uid()));
        all.put("SANDBOX_GID", Integer.toString(user.gid()));
        all.put("SANDBOX_HOME", user.home());
        return ImmutableSortedMap.copyOf(all);
    }

    /**
     * Every input by name ({@code env.TZ}, {@code file:/usr/local/sbin/sandbox-init}, {@code base}, …)
     * with its value or the sha256 of its content: what {@code image inspect} compares.
     */
    public SortedMap<String, String> inputs() throws SandboxException {
        return PlanInputs.of(this);
    }

    /** sha256 over {@link #inputs()}: equal exactly when every input is equal. */
    public String hash() throws SandboxException {
        return PlanInputs.hash(inputs());
    }

    static String hostArchitecture() {
        String arch = System.getProperty("os.arch", "amd64");
        return arch.equals("aarch64") ? "arm64" : arch.equals("x86_64") ? "amd64" : arch;
    }
}
