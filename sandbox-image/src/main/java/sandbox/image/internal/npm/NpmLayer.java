package sandbox.image.internal.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import sandbox.api.SandboxException;
import sandbox.image.NpmPackage;
import sandbox.image.internal.packages.LayerEntry;
import sandbox.image.internal.packages.LayerTar;

/**
 * Installs npm tarballs the way {@code npm install -g} lays them out, without npm or Node:
 * {@code /usr/local/lib/node_modules/NAME/…} (the tarball's top folder stripped),
 * {@code /usr/local/bin} links for {@code bin}, modes normalized as npm does (0644/0755).
 * Lifecycle scripts are not run; the one we need is emulated ({@link ClaudeCodePostinstall}).
 */
public final class NpmLayer {

    static final String PREFIX = "usr/local/lib/node_modules/";
    private static final long IN_MEMORY = 4L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LayerTar layer;
    private final Path staging;
    private final Consumer<String> progress;
    private final Map<String, JsonNode> manifests = new TreeMap<>();
    private int staged;

    public NpmLayer(LayerTar layer, Path staging, Consumer<String> progress) {
        this.layer = layer;
        this.staging = staging;
        this.progress = progress;
    }

    /** Adds one package; {@code tarball} must already be integrity-verified. */
    public void add(NpmPackage pkg, Path tarball) throws SandboxException {
        String dir = PREFIX + pkg.name();
        layer.add(LayerEntry.directory(dir, 0755, 0, 0));
        byte[] manifest = null;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new BufferedInputStream(new GZIPInputStream(Files.newInputStream(tarball), 1 << 16), 1 << 16))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                String name = e.getName();
                int slash = name.indexOf('/');
                String rel = slash < 0 ? "" : name.substring(slash + 1).replaceAll("/+$", "");
                if (rel.isEmpty() || rel.contains("..")) {
                    continue;
                }
                String path = dir + "/" + rel;
                if (e.isDirectory()) {
                    layer.add(LayerEntry.directory(path, 0755, 0, 0));
                } else if (LayerTar.isRegularFile(e)) {
                    int mode = (e.getMode() & 0111) != 0 ? 0755 : 0644;
                    if (e.getSize() <= IN_MEMORY) {
                        byte[] data = tar.readAllBytes();
                        if (rel.equals("package.json")) {
                            manifest = data;
                        }
                        layer.add(LayerEntry.file(path, mode, 0, 0, data));
                    } else {
                        Path file = staging.resolve("npm-" + (staged++));
                        try (OutputStream out = Files.newOutputStream(file)) {
                            tar.transferTo(out);
                        }
                        layer.add(LayerEntry.stagedFile(path, mode, 0, 0, file, Files.size(file)));
                    }
                }
                // npm ignores links and devices inside tarballs, and so do we.
            }
        } catch (IOException e) {
            throw new SandboxException("cannot unpack " + pkg.name() + "@" + pkg.version() + ": " + e.getMessage(),
                    tarball.toString(), "delete the cached file and build again", e);
        }
        if (manifest == null) {
            throw new SandboxException(pkg.name() + "@" + pkg.version() + " has no package.json", tarball.toString(),
                    null, null);
        }
        try {
            JsonNode json = JSON.readTree(manifest);
            manifests.put(pkg.name(), json);
            addBins(pkg.name(), json);
        } catch (IOException e) {
            throw new SandboxException("bad package.json in " + pkg.name() + ": " + e.getMessage(), e);
        }
    }

    /** Runs the emulated lifecycle steps once every package is in place. */
    public void finish() throws SandboxException {
        ClaudeCodePostinstall.apply(manifests.keySet(), layer, progress);
    }

    private void addBins(String name, JsonNode json) throws SandboxException {
        JsonNode bin = json.path("bin");
        Map<String, String> bins = new TreeMap<>();
        if (bin.isTextual()) {
            bins.put(name.contains("/") ? name.substring(name.indexOf('/') + 1) : name, bin.asText());
        } else if (bin.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = bin.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> b = it.next();
                bins.put(b.getKey(), b.getValue().asText());
            }
        }
        for (Map.Entry<String, String> b : bins.entrySet()) {
            String target = Path.of(b.getValue()).normalize().toString();
            if (b.getKey().contains("/") || target.startsWith("..")) {
                throw new SandboxException("unsafe bin entry '" + b.getKey() + "' in " + name, null, null, null);
            }
            String file = PREFIX + name + "/" + target;
            layer.chmod(file, 0755);
            layer.add(LayerEntry.symlink("usr/local/bin/" + b.getKey(), "../lib/node_modules/" + name + "/" + target));
        }
    }
}
