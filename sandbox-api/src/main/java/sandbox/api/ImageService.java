package sandbox.api;

/** Builds the sandbox image without a daemon (the daemon is only one possible target). */
public interface ImageService {

    /** Builds (or skips, when {@code skipIfUnchanged} and the plan hash matches the last build). */
    ImageBuild build(Request request, Console console) throws SandboxException;

    /**
     * @param base {@code tar://PATH}, {@code docker://NAME} or a registry reference pinned by digest
     * @param target {@code docker[:NAME]}, {@code tar:PATH} or {@code registry:REF}
     * @param applyScript the firewall's apply script ({@link FirewallService#applyScript()}), shipped in the image
     */
    record Request(Project project, Settings settings, String base, String target, boolean sudo,
                   boolean skipIfUnchanged, String applyScript) { }

    /** The built image: where it went and its identity. */
    record ImageBuild(String target, String imageReference, String digest, String imageId, String planHash,
                      boolean skipped) { }
}
