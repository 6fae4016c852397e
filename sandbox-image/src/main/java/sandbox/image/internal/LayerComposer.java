package sandbox.image.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.hash.Hashing;
import com.google.common.hash.HashingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarFile;
import sandbox.api.SandboxException;

/**
 * Writes a new docker-save tar: the base's layers, then raw layer tars on top, with the
 * config's {@code rootfs.diff_ids} and {@code history} extended. Jib then uses it as a
 * {@code tar://} base. The layer tars go in byte for byte, so symbolic links, set-uid bits and
 * owners survive, which a Jib file layer cannot promise. Cached by the inputs' digests.
 */
public final class LayerComposer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LayerComposer() {
    }

    public static Path compose(Path baseTar, List<Path> layerTars, Path outDir) throws SandboxException, IOException {
        List<String> diffIds = new ArrayList<>();
        for (Path layer : layerTars) {
            diffIds.add("sha256:" + sha256(layer));
        }
        String baseId = BaseIdentity.tarConfigDigest(baseTar);
        String key = Hashing.sha256().hashString(baseId + "\n" + String.join("\n", diffIds), StandardCharsets.UTF_8)
                .toString();
        Path out = outDir.resolve(key + ".tar");
        if (Files.isRegularFile(out)) {
            return out;
        }
        Files.createDirectories(outDir);
        Path tmp = Files.createTempFile(outDir, "composed", ".tmp");
        try (TarFile base = new TarFile(baseTar.toFile());
             TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(tmp))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            JsonNode manifest = read(base, "manifest.json", baseTar).get(0);
            ObjectNode config = (ObjectNode) read(base, manifest.get("Config").asText(), baseTar);
            ArrayNode layers = JSON.createArrayNode();
            for (JsonNode name : manifest.get("Layers")) {
                TarArchiveEntry entry = find(base, name.asText(), baseTar);
                try (InputStream in = base.getInputStream(entry)) {
                    put(tar, name.asText(), entry.getSize(), in);
                }
                layers.add(name.asText());
            }
            ArrayNode rootfs = (ArrayNode) config.with("rootfs").withArray("diff_ids");
            ArrayNode history = config.has("history") ? (ArrayNode) config.get("history") : null;
            for (int i = 0; i < layerTars.size(); i++) {
                String name = diffIds.get(i).substring("sha256:".length()) + "/layer.tar";
                try (InputStream in = Files.newInputStream(layerTars.get(i))) {
                    put(tar, name, Files.size(layerTars.get(i)), in);
                }
                layers.add(name);
                rootfs.add(diffIds.get(i));
                if (history != null) {
                    history.addObject().put("created", "1970-01-01T00:00:00Z")
                            .put("created_by", "sandbox: package layer " + layerTars.get(i).getFileName());
                }
            }
            byte[] configBytes = JSON.writeValueAsBytes(config);
            String configName = Hashing.sha256().hashBytes(configBytes) + ".json";
            put(tar, configName, configBytes.length, new java.io.ByteArrayInputStream(configBytes));
            ObjectNode entry = JSON.createObjectNode();
            entry.put("Config", configName);
            entry.putArray("RepoTags").add("sandbox-base:composed");
            entry.set("Layers", layers);
            byte[] manifestBytes = JSON.writeValueAsBytes(JSON.createArrayNode().add(entry));
            put(tar, "manifest.json", manifestBytes.length, new java.io.ByteArrayInputStream(manifestBytes));
        }
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return out;
    }

    private static void put(TarArchiveOutputStream tar, String name, long size, InputStream in) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(size);
        e.setMode(0644);
        e.setModTime(0);
        tar.putArchiveEntry(e);
        in.transferTo(tar);
        tar.closeArchiveEntry();
    }

    private static JsonNode read(TarFile file, String name, Path tar) throws SandboxException, IOException {
        try (InputStream in = file.getInputStream(find(file, name, tar))) {
            return JSON.readTree(in);
        }
    }

    private static TarArchiveEntry find(TarFile file, String name, Path tar) throws SandboxException {
        return file.getEntries().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new SandboxException("no " + name + " in the base tar", tar.toString(),
                        "use a docker-save tar", null));
    }

    static String sha256(Path file) throws IOException {
        try (HashingInputStream in = new HashingInputStream(Hashing.sha256(), Files.newInputStream(file))) {
            in.transferTo(OutputStream.nullOutputStream());
            return in.hash().toString();
        }
    }
}
