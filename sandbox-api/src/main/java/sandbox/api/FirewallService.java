package sandbox.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Compiles allowlists into the firewall folder that the image's {@code apply} script applies. */
public interface FirewallService {

    FirewallBuild compile(Request request, Console console) throws SandboxException;

    /**
     * The POSIX sh {@code apply} script: the only apply implementation. The image ships it
     * (for the deny-all fallback and the all-in-one role) and the compiled folder holds a copy.
     */
    String applyScript();

    /**
     * @param allowlists extra files on top of (or, without defaults, instead of) the two configured lists
     * @param includeDefaults read {@code config/allowlist.txt} and {@code config/extra-allowlist.txt}
     * @param hostsFile resolve names from this hosts(5) file instead of the system resolver
     * @param feedsDir read feeds from this folder instead of fetching them
     * @param mode {@code strict} or {@code permissive}
     */
    record Request(Project project, List<Path> allowlists, boolean includeDefaults, Optional<Path> hostsFile,
                   Optional<Path> feedsDir, String mode, Path outDir) {
        public Request {
            allowlists = List.copyOf(allowlists);
        }
    }

    /** What was written: counts and a hash of the rendered rules (for drift checks). */
    record FirewallBuild(Path outDir, String mode, int v4Blocks, int v6Blocks, String rulesHash,
                         List<String> warnings) {
        public FirewallBuild {
            warnings = List.copyOf(warnings);
        }
    }
}
