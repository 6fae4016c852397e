package sandbox.image.internal;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import sandbox.api.SandboxException;
import sandbox.image.ImagePlan;

/** A plan's inputs by name, with file contents reduced to their sha256, and the hash over them. */
public final class PlanInputs {

    private PlanInputs() {
    }

    public static SortedMap<String, String> of(ImagePlan plan) throws SandboxException {
        SortedMap<String, String> in = new TreeMap<>();
        in.put("base", plan.base().text());
        in.put("base.id", BaseIdentity.of(plan.base()));
        in.put("platforms", String.join(",", plan.platforms()));
        in.put("format", plan.format().name().toLowerCase(java.util.Locale.ROOT));
        in.put("user", plan.user().name() + " " + plan.user().ownership() + " " + plan.user().home());
        in.put("workdir", plan.workdir());
        in.put("entrypoint", plan.entrypoint().toString());
        in.put("cmd", plan.cmd().toString());
        in.put("layout", SandboxLayer.LAYOUT_VERSION);
        plan.containerEnvironment().forEach((k, v) -> in.put("env." + k, v));
        plan.labels().forEach((k, v) -> in.put("label." + k, v));
        for (LayerFile f : SandboxLayer.files(plan)) {
            in.put("file:" + f.path(), f.describe());
        }
        in.put("lock", lockDigest(plan.lockFile()));
        return ImmutableSortedMap.copyOf(in);
    }

    public static String hash(SortedMap<String, String> inputs) {
        StringBuilder canonical = new StringBuilder();
        for (Map.Entry<String, String> e : inputs.entrySet()) {
            canonical.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        return Hashing.sha256().hashString(canonical, StandardCharsets.UTF_8).toString();
    }

    private static String lockDigest(java.util.Optional<Path> lock) throws SandboxException {
        if (lock.isEmpty()) {
            return "none";
        }
        try {
            return "sha256:" + Hashing.sha256().hashBytes(Files.readAllBytes(lock.get()));
        } catch (IOException e) {
            throw new SandboxException("cannot read the lock: " + e.getMessage(), lock.get().toString(),
                    "run 'sandbox lock' to write it", e);
        }
    }
}
