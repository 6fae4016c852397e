package sandbox.image.internal.packages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarFile;
import sandbox.api.SandboxException;

/**
 * A few files of an image, read out of its docker-save tar as the container would see them:
 * layers in order, the last layer that has a path wins, a whiteout ({@code .wh.NAME}) or an
 * opaque directory ({@code .wh..wh..opq}) hides what lower layers had.
 */
public final class BaseFiles {

    /** One file's bytes and metadata. */
    public record Entry(byte[] content, int mode, long uid, long gid) {
        public Entry {
            content = content.clone();
        }

        @Override
        public byte[] content() {
            return content.clone();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";

    private BaseFiles() {
    }

    /**
     * The regular files among {@code paths} (relative, e.g. {@code etc/passwd}) that the image
     * has, by path; a path it lacks is absent from the map.
     */
    public static Map<String, Entry> read(Path tar, Set<String> paths) throws SandboxException {
        if (!Files.isRegularFile(tar)) {
            throw new SandboxException("no such base image tar", tar.toString(), "make it with 'docker save'", null);
        }
        Map<String, Entry> found = new TreeMap<>();
        try (TarFile file = new TarFile(tar)) {
            Map<String, TarArchiveEntry> byName = new HashMap<>();
            for (TarArchiveEntry e : file.getEntries()) {
                byName.put(clean(e.getName()), e);
            }
            TarArchiveEntry manifest = require(byName, "manifest.json", tar);
            JsonNode layers;
            try (InputStream in = file.getInputStream(manifest)) {
                layers = JSON.readTree(in).path(0).path("Layers");
            }
            for (JsonNode layer : layers) {
                try (TarArchiveInputStream in = new TarArchiveInputStream(
                        decompressed(file.getInputStream(require(byName, layer.asText(), tar))))) {
                    for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                        apply(clean(e.getName()), e, in, paths, found);
                    }
                }
            }
        } catch (IOException e) {
            throw new SandboxException("cannot read base image tar: " + e.getMessage(), tar.toString(),
                    "use a tar written by 'docker save IMAGE'", e);
        }
        return found;
    }

    private static void apply(String name, TarArchiveEntry e, InputStream in, Set<String> paths,
                              Map<String, Entry> found) throws IOException {
        int slash = name.lastIndexOf('/');
        String dir = slash < 0 ? "" : name.substring(0, slash + 1);
        String base = name.substring(slash + 1);
        if (base.equals(OPAQUE)) {
            found.keySet().removeIf(p -> p.startsWith(dir));
        } else if (base.startsWith(WHITEOUT)) {
            String hidden = dir + base.substring(WHITEOUT.length());
            found.keySet().removeIf(p -> p.equals(hidden) || p.startsWith(hidden + "/"));
        } else if (paths.contains(name)) {
            if (LayerTar.isRegularFile(e)) {
                found.put(name, new Entry(in.readAllBytes(), e.getMode() & 07777, e.getLongUserId(), e.getLongGroupId()));
            } else {
                found.remove(name); // replaced by a directory or a link: not a file we can extend
            }
        }
    }

    private static String clean(String name) {
        return name.replaceFirst("^\\./", "").replaceFirst("/$", "");
    }

    private static TarArchiveEntry require(Map<String, TarArchiveEntry> byName, String name, Path tar)
            throws SandboxException {
        TarArchiveEntry e = byName.get(name);
        if (e == null) {
            throw new SandboxException("docker-save tar lacks " + name, tar.toString(),
                    "use a tar written by 'docker save IMAGE'", null);
        }
        return e;
    }

    private static InputStream decompressed(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int a = in.read();
        int b = in.read();
        in.reset();
        return a == 0x1f && b == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }
}
