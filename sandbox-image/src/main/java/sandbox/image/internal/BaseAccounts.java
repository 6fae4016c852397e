package sandbox.image.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import sandbox.api.SandboxException;
import sandbox.image.BaseImage;
import sandbox.image.internal.packages.BaseFiles;

/**
 * The base's account files ({@link AccountsLayer#PATHS}), read once per base and kept in the
 * cache: a {@code tar://} base is keyed by its path, size, modification time and inode (so a
 * replaced tar is read again), a daemon or registry base by its identity (read from a
 * docker-save tar that {@link BaseTars} keeps anyway).
 */
final class BaseAccounts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final BaseTars tars;

    BaseAccounts(Path cacheDir, BaseTars tars) {
        this.dir = cacheDir.resolve("accounts");
        this.tars = tars;
    }

    Map<String, BaseFiles.Entry> of(BaseImage base) throws SandboxException, IOException {
        Path cached = dir.resolve(key(base) + ".json");
        if (Files.isRegularFile(cached)) {
            try {
                return decode(JSON.readTree(cached.toFile()));
            } catch (IOException | IllegalArgumentException e) {
                // A damaged entry is read again from the base below.
            }
        }
        Map<String, BaseFiles.Entry> files = new TreeMap<>(BaseFiles.read(tars.materialize(base), AccountsLayer.PATHS));
        // Only whether a shell exists matters, not its megabyte of bytes.
        files.replaceAll((path, e) -> path.endsWith("bash") ? new BaseFiles.Entry(new byte[0], e.mode(), e.uid(), e.gid()) : e);
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "accounts", ".tmp");
        try {
            Files.write(tmp, JSON.writeValueAsBytes(encode(files)));
            Files.move(tmp, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return files;
    }

    private static String key(BaseImage base) throws SandboxException, IOException {
        if (base instanceof BaseImage.Tar t) {
            Path p = t.path().toAbsolutePath();
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            String stamp = p + "|" + a.size() + "|" + a.lastModifiedTime().toMillis() + "|" + a.fileKey();
            return "tar-" + Hashing.sha256().hashString(stamp, StandardCharsets.UTF_8);
        }
        return BaseIdentity.of(base).replace("sha256:", "");
    }

    private static ObjectNode encode(Map<String, BaseFiles.Entry> files) {
        ObjectNode root = JSON.createObjectNode();
        files.forEach((path, e) -> root.putObject(path).put("content", Base64.getEncoder().encodeToString(e.content()))
                .put("mode", e.mode()).put("uid", e.uid()).put("gid", e.gid()));
        return root;
    }

    private static Map<String, BaseFiles.Entry> decode(JsonNode root) {
        if (!root.isObject()) {
            throw new IllegalArgumentException("not an accounts cache entry");
        }
        Map<String, BaseFiles.Entry> files = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode e = f.getValue();
            files.put(f.getKey(), new BaseFiles.Entry(Base64.getDecoder().decode(e.path("content").asText()),
                    e.path("mode").asInt(), e.path("uid").asLong(), e.path("gid").asLong()));
        }
        return files;
    }
}
