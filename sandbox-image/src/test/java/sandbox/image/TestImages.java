package sandbox.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.hash.Hashing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Test fixtures: tiny docker-save bases, layer tars, and readers for built image tars. */
public final class TestImages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestImages() {
    }

    /** A docker-save tar with one layer holding {@code /etc/os-release}; no network or daemon needed. */
    public static Path minimalBase(Path dir, String marker) throws IOException {
        Path layer = dir.resolve("base-layer.tar");
        writeLayer(layer, List.of(new Entry("etc/", 0755, null, null),
                new Entry("etc/os-release", 0644, ("NAME=" + marker + "\n").getBytes(StandardCharsets.UTF_8), null)));
        byte[] layerBytes = Files.readAllBytes(layer);
        String diffId = "sha256:" + Hashing.sha256().hashBytes(layerBytes);
        ObjectNode config = JSON.createObjectNode();
        config.put("architecture", "amd64").put("os", "linux");
        config.putObject("config").putArray("Cmd").add("/bin/sh");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add(diffId);
        config.putArray("history").addObject().put("created", "1970-01-01T00:00:00Z").put("created_by", "test");
        byte[] configBytes = JSON.writeValueAsBytes(config);
        String configName = Hashing.sha256().hashBytes(configBytes) + ".json";
        ObjectNode m = JSON.createObjectNode();
        m.put("Config", configName);
        m.putArray("RepoTags").add("test/base:1");
        m.putArray("Layers").add("layer0/layer.tar");
        Path tar = dir.resolve("base.tar");
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
            put(out, "layer0/layer.tar", layerBytes);
            put(out, configName, configBytes);
            put(out, "manifest.json", JSON.writeValueAsBytes(JSON.createArrayNode().add(m)));
        }
        return tar;
    }

    /** A layer entry: a directory (name ends in /), a file (content), or a symbolic link (linkTarget). */
    public record Entry(String name, int mode, byte[] content, String linkTarget) { }

    public static void writeLayer(Path file, List<Entry> entries) throws IOException {
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(file))) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry e : entries) {
                TarArchiveEntry t = e.linkTarget() != null
                        ? new TarArchiveEntry(e.name(), TarArchiveEntry.LF_SYMLINK)
                        : new TarArchiveEntry(e.name());
                if (e.linkTarget() != null) {
                    t.setLinkName(e.linkTarget());
                }
                t.setMode((e.linkTarget() != null ? 0120000 : e.name().endsWith("/") ? 040000 : 0100000) | e.mode());
                t.setModTime(0);
                t.setIds(0, 0);
                if (e.content() != null) {
                    t.setSize(e.content().length);
                }
                out.putArchiveEntry(t);
                if (e.content() != null) {
                    out.write(e.content());
                }
                out.closeArchiveEntry();
            }
        }
    }

    private static void put(TarArchiveOutputStream out, String name, byte[] bytes) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(bytes.length);
        e.setModTime(0);
        out.putArchiveEntry(e);
        out.write(bytes);
        out.closeArchiveEntry();
    }

    /** A built image tar, read back: its config and each layer's entries with their bytes. */
    public record ImageTar(JsonNode config, List<Map<String, LayerEntry>> layers, List<byte[]> rawLayers) {
        public Optional<LayerEntry> find(String path) {
            for (int i = layers.size() - 1; i >= 0; i--) {
                LayerEntry e = layers.get(i).get(path);
                if (e != null) {
                    return Optional.of(e);
                }
            }
            return Optional.empty();
        }
    }

    public record LayerEntry(String name, int mode, long uid, long gid, long mtime, String linkName, byte[] content,
                             boolean symlink, boolean directory) { }

    public static ImageTar read(Path imageTar) throws IOException {
        try (TarFile tar = new TarFile(imageTar.toFile())) {
            JsonNode manifest = JSON.readTree(tar.getInputStream(entry(tar, "manifest.json"))).get(0);
            JsonNode config = JSON.readTree(tar.getInputStream(entry(tar, manifest.get("Config").asText())));
            List<Map<String, LayerEntry>> layers = new ArrayList<>();
            List<byte[]> raw = new ArrayList<>();
            for (JsonNode name : manifest.get("Layers")) {
                byte[] bytes = tar.getInputStream(entry(tar, name.asText())).readAllBytes();
                byte[] plain = isGzip(bytes) ? new GzipCompressorInputStream(new java.io.ByteArrayInputStream(bytes))
                        .readAllBytes() : bytes;
                raw.add(plain);
                Map<String, LayerEntry> entries = new LinkedHashMap<>();
                try (TarArchiveInputStream in = new TarArchiveInputStream(new java.io.ByteArrayInputStream(plain))) {
                    TarArchiveEntry e;
                    while ((e = in.getNextEntry()) != null) {
                        ByteArrayOutputStream content = new ByteArrayOutputStream();
                        in.transferTo(content);
                        String n = "/" + e.getName().replaceFirst("^\\./", "").replaceFirst("^/", "").replaceFirst("/$", "");
                        entries.put(n, new LayerEntry(n, e.getMode() & 07777, e.getLongUserId(), e.getLongGroupId(),
                                e.getModTime().getTime(), e.getLinkName(), content.toByteArray(), e.isSymbolicLink(),
                                e.isDirectory()));
                    }
                }
                layers.add(entries);
            }
            return new ImageTar(config, layers, raw);
        }
    }

    private static boolean isGzip(byte[] b) {
        return b.length > 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
    }

    private static TarArchiveEntry entry(TarFile tar, String name) throws IOException {
        return tar.getEntries().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IOException("no " + name));
    }

    static InputStream resource(String name) {
        return TestImages.class.getResourceAsStream(name);
    }
}
