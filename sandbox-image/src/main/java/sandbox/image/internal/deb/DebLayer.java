package sandbox.image.internal.deb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import sandbox.api.SandboxException;
import sandbox.image.internal.packages.LayerEntry;
import sandbox.image.internal.packages.LayerTar;

/**
 * Unpacks {@code .deb} files into a layer the way dpkg would on a merged-{@code /usr}
 * system, without running maintainer scripts: data entries (canonical paths, modes,
 * owners, links), {@code /var/lib/dpkg/info/PKG.list|md5sums|conffiles}, the merged
 * {@code /var/lib/dpkg/status}, and the emulated {@link Alternatives}.
 */
public final class DebLayer {

    /** Files larger than this are staged on disk instead of held in memory. */
    private static final long IN_MEMORY = 4L << 20;

    private final LayerTar layer;
    private final Path staging;
    private final Consumer<String> progress;
    private final Map<String, String> statusStanzas = new TreeMap<>();
    private int staged;

    public DebLayer(LayerTar layer, Path staging, Consumer<String> progress) {
        this.layer = layer;
        this.staging = staging;
        this.progress = progress;
    }

    /** Adds one package; {@code deb} must already be hash-verified. */
    public void add(Path deb) throws SandboxException {
        List<String> listed = new ArrayList<>();
        Map<String, byte[]> md5 = new HashMap<>();
        DebArchive.Control control = DebArchive.read(deb, (entry, in) -> addEntry(entry, in, listed, md5));
        Stanza c = control.control();
        String name = c.get("Package").orElseThrow();
        String arch = c.get("Architecture", "all");
        String info = "var/lib/dpkg/info/" + name + (c.get("Multi-Arch", "").equals("same") ? ":" + arch : "");
        layer.add(LayerEntry.file(info + ".list", 0644, 0, 0, String.join("\n", listed).concat("\n")
                .getBytes(StandardCharsets.UTF_8)));
        if (!control.md5sums().isEmpty()) {
            layer.add(LayerEntry.file(info + ".md5sums", 0644, 0, 0, control.md5sums().getBytes(StandardCharsets.UTF_8)));
        }
        Stanza status = c.with("Status", "install ok installed", "Package");
        if (!control.conffiles().isEmpty()) {
            layer.add(LayerEntry.file(info + ".conffiles", 0644, 0, 0,
                    (String.join("\n", control.conffiles()) + "\n").getBytes(StandardCharsets.UTF_8)));
            StringBuilder conf = new StringBuilder();
            for (String f : control.conffiles()) {
                byte[] sum = md5.get(MergedUsr.canonical(f));
                conf.append("\n ").append(f).append(' ')
                        .append(sum == null ? "newconffile" : HexFormat.of().formatHex(sum));
            }
            status = status.with("Conffiles", conf.toString(), "Version");
        }
        statusStanzas.put(name, status.render());
        java.util.Optional<String> emulated = Postinst.apply(name, layer);
        if (emulated.isPresent()) {
            progress.accept(emulated.get());
        } else if (control.scripts().keySet().stream().anyMatch(Set.of("preinst", "postinst")::contains)) {
            progress.accept("note: " + name + " maintainer scripts not run (see README, Locked packages)");
        }
    }

    /**
     * Writes {@code /var/lib/dpkg/status}: the base's stanzas (minus packages this layer
     * replaces) followed by ours, so {@code dpkg -l} in the image tells the truth.
     */
    public void writeStatus(String baseStatus) throws SandboxException {
        StringBuilder out = new StringBuilder();
        for (Stanza s : ControlFile.parse(baseStatus, "base /var/lib/dpkg/status")) {
            if (!statusStanzas.containsKey(s.get("Package", ""))) {
                out.append(s.render()).append('\n');
            }
        }
        for (String stanza : statusStanzas.values()) {
            out.append(stanza).append('\n');
        }
        layer.add(LayerEntry.file("var/lib/dpkg/status", 0644, 0, 0, out.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private void addEntry(TarArchiveEntry e, InputStream in, List<String> listed, Map<String, byte[]> md5)
            throws IOException {
        String original = e.getName();
        String path = MergedUsr.canonical(original);
        String shipped = original.replaceFirst("^\\./", "").replaceFirst("/$", "");
        listed.add(shipped.isEmpty() || shipped.equals(".") ? "/." : "/" + shipped);
        if (path.isEmpty()) {
            return;
        }
        int mode = e.getMode() & 07777;
        long uid = e.getLongUserId();
        long gid = e.getLongGroupId();
        if (e.isDirectory()) {
            layer.add(LayerEntry.directory(path, mode, uid, gid));
        } else if (e.isSymbolicLink()) {
            layer.add(LayerEntry.symlink(path, MergedUsr.linkTarget(original, e.getLinkName())));
        } else if (e.isLink()) {
            layer.add(LayerEntry.hardlink(path, MergedUsr.canonical(e.getLinkName()), mode, uid, gid));
        } else if (LayerTar.isRegularFile(e)) {
            MessageDigest sum = md5();
            if (e.getSize() <= IN_MEMORY) {
                byte[] data = in.readAllBytes();
                md5.put(path, sum.digest(data));
                layer.add(LayerEntry.file(path, mode, uid, gid, data));
            } else {
                Path file = staging.resolve("deb-" + (staged++));
                try (OutputStream out = Files.newOutputStream(file)) {
                    in.transferTo(new java.security.DigestOutputStream(out, sum));
                }
                md5.put(path, sum.digest());
                layer.add(LayerEntry.stagedFile(path, mode, uid, gid, file, Files.size(file)));
            }
        }
    }

    private static MessageDigest md5() {
        try {
            // dpkg records conffile state as MD5; this is bookkeeping, not a trust decision.
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has MD5", e);
        }
    }
}
