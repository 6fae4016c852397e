package sandbox.image.internal.cli;

import java.util.List;
import java.util.Set;
import sandbox.api.Arguments;
import sandbox.api.Command;
import sandbox.api.FirewallService;
import sandbox.api.ImageService;
import sandbox.api.Invocation;
import sandbox.api.SandboxException;
import sandbox.api.Settings;
import sandbox.image.internal.DefaultImageService;
import sandbox.image.internal.PlanSettings;

/** {@code sandbox build}: the daemonless image build. */
public final class BuildCommand implements Command {

    @Override
    public String name() {
        return "build";
    }

    @Override
    public String summary() {
        return "build the sandbox image without a Docker daemon (Jib)";
    }

    @Override
    public String usage() {
        return """
                Usage: sandbox build [--base REF] [--to TARGET] [--platform OS/ARCH]... [--no-sudo]
                                     [--insecure] [--format docker|oci] [--force]

                Builds base + locked package layers + the sandbox layer with Jib. No Dockerfile,
                no build context: only the files listed by 'sandbox image inspect' go in.

                  --base REF        NAME@sha256:DIGEST (registry), tar://PATH (docker-save tar)
                                    or docker://NAME (local daemon); setting image.base. Another
                                    base than config/sandbox.lock's locks its packages again first
                  --to TARGET       docker[:NAME] (default, local daemon), podman[:NAME],
                                    tar:PATH (docker-loadable) or registry:REF; setting
                                    image.target. NAME defaults to image.name, else sandbox:latest
                                    (sandbox-PREFIX:latest with another container.prefix)
                  --platform P      OS/ARCH, repeatable (a registry base and target for several)
                  --no-sudo         no sudoers entry for the agent's user
                  --insecure        allow a plain-HTTP or self-signed registry
                  --format F        docker (v2.2, default) or oci
                  --force           build even when the plan is unchanged and the target has it

                Credentials for registries come from ~/.docker/config.json and its credential helpers.
                The last line gives the image digest and the target.
                """;
    }

    @Override
    public int run(Invocation invocation) throws SandboxException {
        Arguments args = Arguments.parse(invocation.args(), Set.of("--no-sudo", "--insecure", "--force"),
                Set.of("--base", "--to", "--platform", "--format")).atMostPositionals(0);
        Settings settings = invocation.settings();
        if (!args.values("--platform").isEmpty()) {
            settings = settings.with("image.platforms", String.join(",", args.values("--platform")));
        }
        if (args.value("--format").isPresent()) {
            PlanSettings.format(args.value("--format").get());
            settings = settings.with("image.format", args.value("--format").get());
        }
        if (args.has("--insecure")) {
            settings = settings.with("image.insecure", "true");
        }
        String applyScript = invocation.services().require(FirewallService.class).applyScript();
        boolean sudo = !args.has("--no-sudo") && settings.flag("image.sudo", true);
        ImageService.Request request = new ImageService.Request(invocation.project(), settings,
                args.value("--base").orElse(""), args.value("--to").orElse(""), sudo, !args.has("--force"),
                applyScript);
        ImageService.ImageBuild build = new DefaultImageService().build(request, invocation.console());
        invocation.console().out().println((build.skipped() ? "unchanged " : "built ") + build.digest()
                + " -> " + build.target() + (build.target().startsWith("tar:") ? " (" + build.imageReference() + ")" : ""));
        return 0;
    }

    static List<String> flags() {
        return List.of("--no-sudo", "--insecure", "--force");
    }
}
