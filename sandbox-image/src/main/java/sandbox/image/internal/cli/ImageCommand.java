package sandbox.image.internal.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import sandbox.api.Arguments;
import sandbox.api.CommandGroup;
import sandbox.api.FirewallService;
import sandbox.api.ImageService;
import sandbox.api.Invocation;
import sandbox.api.SandboxException;
import sandbox.image.ImagePlan;
import sandbox.image.internal.DefaultImageService;
import sandbox.image.internal.LastBuild;
import sandbox.image.internal.LayerFile;
import sandbox.image.internal.PlanInputs;
import sandbox.image.internal.SandboxLayer;

/** {@code sandbox image inspect}: the plan, its hash, the layers, and what changed since the last build. */
public final class ImageCommand extends CommandGroup {

    @Override
    public String name() {
        return "image";
    }

    @Override
    public String summary() {
        return "show the image plan, its hash and what changed since the last build";
    }

    @Override
    protected List<Subcommand> subcommands() {
        return List.of(new Inspect());
    }

    private static final class Inspect implements Subcommand {
        @Override
        public String name() {
            return "inspect";
        }

        @Override
        public String summary() {
            return "print the plan, hash, layers and the difference from the last build";
        }

        @Override
        public String usage() {
            return "Usage: sandbox image inspect [--base REF] [--no-sudo]\n";
        }

        @Override
        public int run(Invocation invocation) throws SandboxException {
            Arguments args = Arguments.parse(invocation.args(), Set.of("--no-sudo"), Set.of("--base"))
                    .atMostPositionals(0);
            String script = invocation.services().require(FirewallService.class).applyScript();
            ImageService.Request request = new ImageService.Request(invocation.project(), invocation.settings(),
                    args.value("--base").orElse(""), "", !args.has("--no-sudo")
                    && invocation.settings().flag("image.sudo", true), false, script);
            ImagePlan plan = DefaultImageService.plan(request);
            SortedMap<String, String> inputs = plan.inputs();
            PrintStream out = invocation.console().out();
            out.println("plan " + PlanInputs.hash(inputs));
            out.println("  base        " + plan.base().text() + " (" + inputs.get("base.id") + ")");
            out.println("  platforms   " + String.join(", ", plan.platforms()));
            out.println("  format      " + inputs.get("format"));
            out.println("  user        " + inputs.get("user") + (plan.sudo() ? ", passwordless sudo" : ", no sudo"));
            out.println("  workdir     " + plan.workdir());
            out.println("  entrypoint  " + plan.entrypoint() + " cmd " + plan.cmd());
            plan.containerEnvironment().forEach((k, v) -> out.println("  env         " + k + "=" + v));
            plan.labels().forEach((k, v) -> out.println("  label       " + k + "=" + v));
            out.println("layers");
            out.println("  1 base      " + inputs.get("base.id"));
            out.println("  2 packages  " + (plan.lockFile().isPresent()
                    ? invocation.project().display(plan.lockFile().get()) + " " + inputs.get("lock")
                    : "none (no config/sandbox.lock)"));
            out.println("  3 sandbox");
            for (LayerFile f : SandboxLayer.files(plan)) {
                out.println("      " + f.path() + "  " + f.describe());
            }
            printDiff(out, inputs, LastBuild.read(invocation.project()));
            return 0;
        }
    }

    static void printDiff(PrintStream out, SortedMap<String, String> now, Optional<LastBuild> last) {
        if (last.isEmpty()) {
            out.println("last build: none recorded");
            return;
        }
        out.println("last build: " + last.get().digest() + " -> " + last.get().target());
        SortedMap<String, String> before = last.get().inputs();
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(now.keySet());
        int changes = 0;
        for (String k : keys) {
            String a = before.get(k);
            String b = now.get(k);
            if (a == null) {
                out.println("  + " + k + " " + b);
            } else if (b == null) {
                out.println("  - " + k + " " + a);
            } else if (!a.equals(b)) {
                out.println("  ~ " + k + " " + a + " -> " + b);
            } else {
                continue;
            }
            changes++;
        }
        out.println(changes == 0 ? "  unchanged: 'sandbox build' will skip" : "  " + changes + " input(s) changed");
    }

    static Map<String, String> none() {
        return Map.of();
    }
}
