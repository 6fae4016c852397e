package sandbox.image.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import sandbox.api.Project;
import sandbox.api.SandboxException;
import sandbox.api.Settings;
import sandbox.api.UsageException;
import sandbox.image.BaseImage;
import sandbox.image.ImagePlan;
import sandbox.image.Lockfile;

/** Reads an {@link ImagePlan} from the settings and the project's {@code config/} folder. */
public final class PlanSettings {

    private PlanSettings() {
    }

    public static ImagePlan read(Project project, Settings settings) throws SandboxException {
        Path lock = project.lockFile();
        Optional<String> configured = settings.get("image.base").filter(b -> !b.isBlank());
        if (configured.isEmpty() && Files.isRegularFile(lock)) {
            configured = Optional.of(Lockfile.read(lock).base().reference());
        }
        String baseText = configured.orElseThrow(() -> new SandboxException(
                "no base image configured", null,
                "pass --base, set image.base in config/sandbox.properties (NAME@sha256:…, tar://PATH or docker://NAME),"
                        + " or run 'sandbox lock --base REF'", null));
        ImagePlan plan = ImagePlan.of(BaseImage.parse(baseText));
        List<String> platforms = settings.list("image.platforms");
        if (!platforms.isEmpty()) {
            try {
                plan = plan.withPlatforms(platforms);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage(), "use OS/ARCH, e.g. linux/amd64");
            }
        }
        plan = plan.withFormat(format(settings.get("image.format", "docker")))
                .withSudo(settings.flag("image.sudo", true))
                .withEnv("TZ", settings.get("tz", "UTC"))
                .withEnv("FIREWALL_MODE", mode(settings.get("firewall.mode", "strict")))
                .withLabel("org.opencontainers.image.version", ToolVersion.get());
        Optional<String> source = settings.get("image.source").or(() -> GitInfo.originUrl(project.root()));
        Optional<String> revision = settings.get("image.revision").or(() -> GitInfo.head(project.root()));
        if (source.isPresent()) {
            plan = plan.withLabel("org.opencontainers.image.source", source.get());
        }
        if (revision.isPresent()) {
            plan = plan.withLabel("org.opencontainers.image.revision", revision.get());
        }
        return plan.withSeedFiles(seedFiles(project))
                .withLockFile(Files.isRegularFile(lock) ? Optional.of(lock) : Optional.empty());
    }

    public static ImagePlan.Format format(String text) throws UsageException {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "docker" -> ImagePlan.Format.DOCKER;
            case "oci" -> ImagePlan.Format.OCI;
            default -> throw new UsageException("unknown image format '" + text + "'", "use docker or oci");
        };
    }

    private static String mode(String text) throws UsageException {
        if (!text.equals("strict") && !text.equals("permissive")) {
            throw new UsageException("unknown firewall mode '" + text + "'", "use strict or permissive");
        }
        return text;
    }

    /**
     * Regular files under {@code config/seed/}, by relative path. A symbolic link is refused:
     * it could pull a file from outside the folder (such as {@code .devcontainer/.env}) into the image.
     */
    static Map<String, Path> seedFiles(Project project) throws SandboxException {
        Path dir = project.configDir().resolve("seed");
        Map<String, Path> files = new TreeMap<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
                if (Files.isSymbolicLink(p)) {
                    throw new SandboxException("seed files must not be symbolic links", project.display(p),
                            "copy the file into config/seed/ instead", null);
                }
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    files.put(dir.relativize(p).toString().replace('\\', '/'), p);
                }
            }
        } catch (IOException e) {
            throw new SandboxException("cannot read seed files: " + e.getMessage(), project.display(dir), null, e);
        }
        return files;
    }
}
