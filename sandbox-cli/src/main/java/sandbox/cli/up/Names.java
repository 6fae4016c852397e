package sandbox.cli.up;

/**
 * The runtime objects of one sandbox, all derived from one prefix (setting
 * {@code container.prefix}, default {@code claude}) so tests and a second checkout can run
 * side by side with a user's real sandbox.
 */
public record Names(String prefix) {

    public static final String DEFAULT_PREFIX = sandbox.api.SandboxImage.DEFAULT_PREFIX;

    public String firewall() { return prefix + "-firewall"; }

    public String agent() { return prefix + "-code"; }

    public String db() { return prefix + "-db"; }

    public String network() { return prefix + "-sandbox"; }

    public String workspaceVolume() { return prefix + "-workspace"; }

    public String configVolume() { return prefix + "-config"; }

    public String historyVolume() { return prefix + "-bashhistory"; }

    public String dataVolume() { return prefix + "-pgdata"; }

    /** The image when {@code image.name} is not set (see {@link sandbox.api.SandboxImage}). */
    public String defaultImage() {
        return sandbox.api.SandboxImage.forPrefix(prefix);
    }
}
