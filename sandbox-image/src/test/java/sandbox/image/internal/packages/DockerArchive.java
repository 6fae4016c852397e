package sandbox.image.internal.packages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * Test-side composer: a docker-save tar of a base plus extra uncompressed layer tars, so
 * the locked layers can be loaded and run without building anything with a daemon.
 */
final class DockerArchive {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DockerArchive() { }

    static void compose(Path baseTar, List<Path> layers, String tag, Path out) throws Exception {
        try (TarFile base = new TarFile(baseTar);
             OutputStream os = Files.newOutputStream(out);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(os)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            JsonNode manifest = null;
            for (TarArchiveEntry e : base.getEntries()) {
                if (e.getName().equals("manifest.json")) {
                    manifest = JSON.readTree(base.getInputStream(e)).get(0);
                }
            }
            String configName = manifest.get("Config").asText();
            ObjectNode config = null;
            List<String> layerNames = new ArrayList<>();
            manifest.get("Layers").forEach(l -> layerNames.add(l.asText()));
            for (TarArchiveEntry e : base.getEntries()) {
                if (e.getName().equals(configName)) {
                    config = (ObjectNode) JSON.readTree(base.getInputStream(e));
                } else if (layerNames.contains(e.getName())) {
                    put(tar, e.getName(), e.getSize(), base.getInputStream(e));
                }
            }
            ArrayNode diffIds = (ArrayNode) config.withObjectProperty("rootfs").withArray("diff_ids");
            ArrayNode history = config.withArray("history");
            for (Path layer : layers) {
                String hex = ContentCache.hash(layer, "sha256").hex();
                String name = hex + "/layer.tar";
                try (InputStream in = Files.newInputStream(layer)) {
                    put(tar, name, Files.size(layer), in);
                }
                layerNames.add(name);
                diffIds.add("sha256:" + hex);
                history.addObject().put("created_by", "sandbox locked layer");
            }
            byte[] configBytes = JSON.writeValueAsBytes(config);
            String newConfig = Digest.of("sha256", Digest.hasher("sha256").digest(configBytes)).hex() + ".json";
            put(tar, newConfig, configBytes.length, new java.io.ByteArrayInputStream(configBytes));
            ObjectNode m = JSON.createObjectNode();
            m.put("Config", newConfig);
            m.putArray("RepoTags").add(tag);
            ArrayNode ls = m.putArray("Layers");
            layerNames.forEach(ls::add);
            byte[] manifestBytes = JSON.writeValueAsBytes(JSON.createArrayNode().add(m));
            put(tar, "manifest.json", manifestBytes.length, new java.io.ByteArrayInputStream(manifestBytes));
            tar.finish();
        }
    }

    private static void put(TarArchiveOutputStream tar, String name, long size, InputStream in) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(size);
        tar.putArchiveEntry(e);
        in.transferTo(tar);
        tar.closeArchiveEntry();
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
