package sandbox.image.internal;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import sandbox.api.SandboxException;
import sandbox.image.ImagePlan;
import sandbox.image.ImageUser;

/**
 * The sandbox's own layer, the last and most often changed one: {@code sandbox-init}, the
 * firewall's apply script, the sudoers entry, the seed files and the user's directories.
 * Every entry has a fixed mode, owner and timestamp, so equal plans give equal layers.
 */
public final class SandboxLayer {

    /** Bump when the layout changes, so plans made by an older sandbox hash differently. */
    static final String LAYOUT_VERSION = "1";
    private static final String ROOT = "0:0";

    private SandboxLayer() {
    }

    /** The entries, sorted by path. */
    public static List<LayerFile> files(ImagePlan plan) throws SandboxException {
        ImageUser user = plan.user();
        List<LayerFile> files = new ArrayList<>();
        files.add(LayerFile.file(ImagePlan.ENTRYPOINT, 0755, ROOT, initScript()));
        files.add(LayerFile.file(ImagePlan.APPLY_SCRIPT_PATH, 0755, ROOT,
                plan.applyScript().getBytes(StandardCharsets.UTF_8)));
        files.add(LayerFile.directory("/etc/sandbox", 0755, ROOT));
        if (plan.sudo()) {
            files.add(LayerFile.file(ImagePlan.SUDOERS_PATH, 0440, ROOT, sudoers(user).getBytes(StandardCharsets.UTF_8)));
        }
        files.add(LayerFile.directory(user.home(), 0755, user.ownership()));
        files.add(LayerFile.directory(user.home() + "/.claude", 0700, user.ownership()));
        files.add(LayerFile.directory(plan.workdir(), 0755, user.ownership()));
        files.add(LayerFile.directory(ImagePlan.SEED_PATH, 0755, ROOT));
        for (Map.Entry<String, Path> seed : plan.seedFiles().entrySet()) {
            try {
                files.add(LayerFile.file(ImagePlan.SEED_PATH + "/" + seed.getKey(), 0644, ROOT,
                        Files.readAllBytes(seed.getValue())));
            } catch (IOException e) {
                throw new SandboxException("cannot read seed file: " + e.getMessage(), seed.getValue().toString(),
                        null, e);
            }
        }
        files.sort(Comparator.comparing(LayerFile::path));
        return List.copyOf(files);
    }

    /**
     * The sudoers entry. By uid, so it also holds when the base already names uid 1000
     * differently; the agent container has no NET_ADMIN, so root there cannot touch the rules.
     */
    public static String sudoers(ImageUser user) {
        return "# sandbox: passwordless sudo for the agent's user (SECURITY.md). The agent container\n"
                + "# holds no NET_ADMIN/NET_RAW, so root inside it still cannot change the firewall.\n"
                + "#" + user.uid() + " ALL=(ALL:ALL) NOPASSWD: ALL\n";
    }

    public static byte[] initScript() {
        try (InputStream in = SandboxLayer.class.getResourceAsStream("sandbox-init.sh")) {
            if (in == null) {
                throw new IllegalStateException("sandbox-init.sh missing from the sandbox.image module");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The Jib layer. Jib reads entries from files, so each content is staged once under
     * {@code staging/sha256} (content-addressed: Jib's layer cache keys on the source path).
     */
    public static FileEntriesLayer toJibLayer(List<LayerFile> files, Path staging) throws IOException {
        return toJibLayer("sandbox", files, staging);
    }

    /** The same for another small layer of fixed files (the accounts layer). */
    static FileEntriesLayer toJibLayer(String name, List<LayerFile> files, Path staging) throws IOException {
        Files.createDirectories(staging);
        Path emptyDir = Files.createDirectories(staging.resolve("empty-dir"));
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
        for (LayerFile f : files) {
            Path source = f.directory() ? emptyDir : stage(f, staging);
            layer.addEntry(new FileEntry(source, AbsoluteUnixPath.get(f.path()),
                    FilePermissions.fromOctalString(String.format("%03o", f.mode())),
                    FileEntriesLayer.DEFAULT_MODIFICATION_TIME, f.ownership()));
        }
        return layer.build();
    }

    private static Path stage(LayerFile f, Path staging) throws IOException {
        Path target = staging.resolve(f.sha256());
        if (!Files.isRegularFile(target)) {
            Path tmp = Files.createTempFile(staging, "stage", ".tmp");
            Files.write(tmp, f.content());
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
