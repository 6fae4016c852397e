package sandbox.image.internal;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.DockerDaemonImage;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import sandbox.api.SandboxException;
import sandbox.api.UsageException;
import sandbox.image.BaseImage;
import sandbox.image.BuiltImage;
import sandbox.image.ImageEvent;
import sandbox.image.ImagePlan;
import sandbox.image.ImageTarget;
import sandbox.image.PackageLayerSource;

/** One build: base (+ package layers) + the sandbox layer, containerized by Jib into the target. */
public final class JibBuild {

    private final ImageTarget target;
    private final Path cacheDir;
    private final boolean insecure;
    private final PackageLayerSource packages;
    private final Consumer<ImageEvent> events;

    public JibBuild(ImageTarget target, Path cacheDir, boolean insecure, PackageLayerSource packages,
                    Consumer<ImageEvent> events) {
        this.target = target;
        this.cacheDir = cacheDir;
        this.insecure = insecure;
        this.packages = packages;
        this.events = events;
    }

    public BuiltImage run(ImagePlan plan) throws SandboxException {
        String planHash = plan.hash();
        String architecture = plan.platforms().get(0).split("/")[1];
        events.accept(new ImageEvent.Step("plan " + planHash.substring(0, 12) + " for " + String.join(",", plan.platforms())));
        List<Path> layerTars = packages.layerTars(plan, architecture, cacheDir,
                line -> events.accept(new ImageEvent.Step(line)));
        if (!layerTars.isEmpty() && plan.platforms().size() > 1) {
            throw new UsageException("package layers are built for one platform at a time",
                    "pass a single --platform");
        }
        if (plan.sudo() && !SudoersCheck.check(SandboxLayer.sudoers(plan.user()))) {
            events.accept(new ImageEvent.Detail("no visudo on this host; the sudoers entry is checked in the image by the container tests"));
        }
        JibEvents jibEvents = new JibEvents(events);
        try {
            JibContainerBuilder builder = from(plan.base(), layerTars, architecture, jibEvents);
            Set<Platform> platforms = new LinkedHashSet<>();
            plan.platforms().forEach(p -> platforms.add(new Platform(p.split("/")[1], p.split("/")[0])));
            TreeMap<String, String> labels = new TreeMap<>(plan.labels());
            labels.put(ImagePlan.PLAN_HASH_LABEL, planHash);
            builder.setPlatforms(platforms)
                    .setFormat(plan.format() == ImagePlan.Format.OCI ? ImageFormat.OCI : ImageFormat.Docker)
                    .setCreationTime(Instant.EPOCH)
                    .setUser("0")
                    .setWorkingDirectory(AbsoluteUnixPath.get(plan.workdir()))
                    .setEnvironment(plan.containerEnvironment())
                    .setLabels(labels)
                    .setEntrypoint(plan.entrypoint())
                    .setProgramArguments(plan.cmd());
            List<LayerFile> accounts = AccountsLayer.files(new BaseAccounts(cacheDir,
                    new BaseTars(cacheDir.resolve("bases"), insecure, jibEvents)).of(plan.base()), plan.user());
            if (!accounts.isEmpty()) {
                builder.addFileEntriesLayer(SandboxLayer.toJibLayer("accounts", accounts, cacheDir.resolve("staging")));
            }
            builder.addFileEntriesLayer(SandboxLayer.toJibLayer(SandboxLayer.files(plan), cacheDir.resolve("staging")));
            events.accept(new ImageEvent.Step("building " + describe(target)));
            return containerize(builder, plan, planHash, jibEvents);
        } catch (IOException e) {
            throw new SandboxException("image build failed: " + e.getMessage(), e);
        } catch (InvalidImageReferenceException e) {
            throw new UsageException("invalid image reference: " + e.getMessage(), "see 'sandbox build --help'");
        }
    }

    private JibContainerBuilder from(BaseImage base, List<Path> layerTars, String architecture, JibEvents jibEvents)
            throws SandboxException, IOException, InvalidImageReferenceException {
        if (!layerTars.isEmpty()) {
            events.accept(new ImageEvent.Step("composing base + " + layerTars.size() + " package layer(s)"));
            Path baseTar = new BaseTars(cacheDir.resolve("bases"), insecure, jibEvents).materialize(base);
            Path composed = LayerComposer.compose(baseTar, layerTars, cacheDir.resolve("composed"));
            return Jib.from(new TarBase(composed), DockerDaemonImage.named(TarBase.reference()));
        }
        if (base instanceof BaseImage.Tar t) {
            if (!Files.isRegularFile(t.path())) {
                throw new SandboxException("base image tar not found", t.path().toString(),
                        "make it with 'docker save -o FILE IMAGE'", null);
            }
            return Jib.from(new TarBase(t.path()), DockerDaemonImage.named(TarBase.reference()));
        }
        if (base instanceof BaseImage.Daemon d) {
            return Jib.from(DockerDaemonImage.named(d.name()));
        }
        return Jib.from(Credentials.registryImage(((BaseImage.Registry) base).reference(), jibEvents));
    }

    private BuiltImage containerize(JibContainerBuilder builder, ImagePlan plan, String planHash, JibEvents jibEvents)
            throws SandboxException, IOException, InvalidImageReferenceException {
        Path tarTemp = null;
        Containerizer containerizer;
        if (target instanceof ImageTarget.Tar t) {
            Path out = t.path().toAbsolutePath();
            Files.createDirectories(out.getParent());
            tarTemp = Files.createTempFile(out.getParent(), "." + out.getFileName(), ".tmp");
            containerizer = Containerizer.to(TarImage.at(tarTemp).named(t.name()));
        } else if (target instanceof ImageTarget.Docker d) {
            List<String> known = new java.util.ArrayList<>(List.of(d.name()));
            if (plan.base() instanceof BaseImage.Daemon daemonBase) {
                known.add(daemonBase.name());
            }
            Optional<String> platform = plan.platforms().size() == 1 ? Optional.of(plan.platforms().get(0)) : Optional.empty();
            containerizer = Containerizer.to(new DaemonLoad(d.executable(), d.name(), known, platform, cacheDir,
                    line -> events.accept(new ImageEvent.Detail(line))), DockerDaemonImage.named(d.name()));
        } else {
            containerizer = Containerizer.to(Credentials.registryImage(((ImageTarget.Registry) target).reference(),
                    jibEvents));
        }
        containerizer.setBaseImageLayersCache(cacheDir.resolve("jib/base"))
                .setApplicationLayersCache(cacheDir.resolve("jib/app"))
                .setAllowInsecureRegistries(insecure)
                .setToolName("sandbox")
                .setToolVersion(ToolVersion.get());
        jibEvents.attach(containerizer);
        try {
            JibContainer container = builder.containerize(containerizer);
            if (tarTemp != null) {
                Files.move(tarTemp, ((ImageTarget.Tar) target).path().toAbsolutePath(),
                        StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                tarTemp = null;
            }
            return new BuiltImage(describe(target), container.getTargetImage().toString(),
                    container.getDigest().toString(), container.getImageId().toString(), planHash);
        } catch (RegistryException e) {
            throw new SandboxException("image build failed: " + e.getMessage(), null,
                    "check the references, the platform and your registry credentials (docker login; --insecure for a plain-HTTP registry)", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new SandboxException("image build failed: " + cause.getMessage(), null,
                    hintFor(cause), cause);
        } catch (CacheDirectoryCreationException e) {
            throw new SandboxException("cannot create the image cache: " + e.getMessage(), cacheDir.toString(),
                    "set SANDBOX_CACHE_DIR to a writable folder", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("image build interrupted", e);
        } finally {
            if (tarTemp != null) {
                Files.deleteIfExists(tarTemp);
            }
        }
    }

    private static String hintFor(Throwable cause) {
        String text = String.valueOf(cause.getMessage());
        if (text.contains("docker") || cause.getClass().getSimpleName().contains("Docker")) {
            return "is the Docker daemon running ('docker version')?";
        }
        return "run with --debug for the full cause";
    }

    public static String describe(ImageTarget target) {
        if (target instanceof ImageTarget.Tar t) {
            return "tar:" + t.path();
        }
        if (target instanceof ImageTarget.Docker d) {
            return d.executable() + ":" + d.name();
        }
        return "registry:" + ((ImageTarget.Registry) target).reference();
    }

    static ImageReference reference(String text) throws InvalidImageReferenceException {
        return ImageReference.parse(text);
    }
}
