package sandbox.image.internal;

import java.util.Optional;
import sandbox.api.Console;
import sandbox.api.ImageService;
import sandbox.api.SandboxException;
import sandbox.api.SandboxImage;
import sandbox.api.Settings;
import sandbox.image.BuiltImage;
import sandbox.image.ImageBuilder;
import sandbox.image.ImagePlan;
import sandbox.image.ImageTarget;
import sandbox.image.PackageLayerSource;
import sandbox.image.internal.lock.Relock;

/**
 * The {@link ImageService} the CLI's {@code up} and {@code build} use: plan from the settings,
 * skip when the last build had the same plan hash and the target still holds it, else build
 * and record the build in {@code .sandbox/image/last-build.json}.
 */
public final class DefaultImageService implements ImageService {

    private final PackageLayerSource packages;

    public DefaultImageService() {
        this(PackageLayerSource.locked());
    }

    DefaultImageService(PackageLayerSource packages) {
        this.packages = packages;
    }

    /** The plan a request describes; settings {@code image.*} fill what the request leaves open. */
    public static ImagePlan plan(Request request) throws SandboxException {
        return ImagePlan.from(request.project(), settings(request)).withSudo(request.sudo())
                .withApplyScript(request.applyScript() == null ? "" : request.applyScript());
    }

    /** The request's settings with its base, when it names one, as {@code image.base}. */
    private static Settings settings(Request request) {
        return request.base() != null && !request.base().isBlank()
                ? request.settings().with("image.base", request.base()) : request.settings();
    }

    public static ImageTarget target(Request request) throws SandboxException {
        String text = request.target() != null && !request.target().isBlank() ? request.target()
                : request.settings().get("image.target", "docker");
        ImageTarget parsed = ImageTarget.parse(text);
        // A target without a name of its own takes the sandbox's (image.name, else per prefix).
        String name = SandboxImage.name(request.settings());
        if (parsed instanceof ImageTarget.Docker d && text.equals(d.executable())) {
            return new ImageTarget.Docker(name, d.executable());
        }
        if (parsed instanceof ImageTarget.Tar t) {
            return new ImageTarget.Tar(t.path(), name);
        }
        return parsed;
    }

    @Override
    public ImageBuild build(Request request, Console console) throws SandboxException {
        Relock.ifBaseDiffers(request.project(), settings(request), console::progress);
        ImagePlan plan = plan(request);
        ImageTarget target = target(request);
        var inputs = plan.inputs();
        String hash = PlanInputs.hash(inputs);
        String where = JibBuild.describe(target);
        if (request.skipIfUnchanged()) {
            Optional<LastBuild> last = LastBuild.read(request.project());
            if (last.isPresent() && last.get().planHash().equals(hash) && last.get().target().equals(where)
                    && TargetCheck.holds(target, last.get().imageId())) {
                console.progress("[build] plan " + hash.substring(0, 12) + " unchanged; " + where + " is up to date");
                return new ImageBuild(where, referenceOf(target), last.get().digest(), last.get().imageId(), hash, true);
            }
        }
        ImageBuilder builder = ImageBuilder.to(target)
                .cacheDir(request.settings().get("cache.dir").map(java.nio.file.Path::of)
                        .orElse(ImageBuilder.defaultCacheDir(System.getenv())))
                .allowInsecureRegistries(request.settings().flag("image.insecure", false))
                .packageLayers(packages);
        ConsoleProgress progress = new ConsoleProgress(console);
        BuiltImage built;
        try {
            built = builder.build(plan, progress);
        } finally {
            progress.finish();
        }
        new LastBuild(built.planHash(), where, built.digest(), built.imageId(), inputs).write(request.project());
        return new ImageBuild(where, referenceOf(target), built.digest(), built.imageId(), built.planHash(), false);
    }

    private static String referenceOf(ImageTarget target) {
        if (target instanceof ImageTarget.Docker d) {
            return d.name();
        }
        if (target instanceof ImageTarget.Tar t) {
            return t.name();
        }
        return ((ImageTarget.Registry) target).reference();
    }
}
