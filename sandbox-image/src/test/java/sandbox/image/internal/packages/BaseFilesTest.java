package sandbox.image.internal.packages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.SandboxException;

class BaseFilesTest {

    @TempDir
    Path dir;

    /** A layer tar: name → content; a null content is a directory. */
    private static byte[] layer(Map<String, String> entries, boolean gzip) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (OutputStream os = gzip ? new GZIPOutputStream(raw) : raw;
             TarArchiveOutputStream tar = new TarArchiveOutputStream(os)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                TarArchiveEntry t = new TarArchiveEntry(e.getKey());
                if (e.getValue() != null) {
                    byte[] b = e.getValue().getBytes(StandardCharsets.UTF_8);
                    t.setSize(b.length);
                    t.setMode(0100640);
                    t.setIds(0, 42);
                    tar.putArchiveEntry(t);
                    tar.write(b);
                } else {
                    tar.putArchiveEntry(t);
                }
                tar.closeArchiveEntry();
            }
        }
        return raw.toByteArray();
    }

    private Path save(byte[]... layers) throws IOException {
        Path out = dir.resolve("image.tar");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(out))) {
            StringBuilder names = new StringBuilder();
            for (int i = 0; i < layers.length; i++) {
                put(tar, "l" + i + "/layer.tar", layers[i]);
                names.append(i == 0 ? "" : ",").append("\"l").append(i).append("/layer.tar\"");
            }
            put(tar, "manifest.json", ("[{\"Config\":\"c.json\",\"Layers\":[" + names + "]}]").getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    @Test
    void theUpperLayerWinsAndWhiteoutsHideWhatIsBelow() throws Exception {
        Map<String, String> lower = new LinkedHashMap<>();
        lower.put("etc/", null);
        lower.put("etc/passwd", "root:x:0:0::/root:/bin/sh\n");
        lower.put("etc/shadow", "root:*:::::::\n");
        lower.put("./etc/group", "root:x:0:\n");
        lower.put("opt/a/file", "gone\n");
        Map<String, String> upper = new LinkedHashMap<>();
        upper.put("etc/passwd", "root:x:0:0::/root:/bin/bash\n");
        upper.put("etc/.wh.shadow", "");
        upper.put("opt/a/.wh..wh..opq", "");
        Path tar = save(layer(lower, false), layer(upper, true));
        Map<String, BaseFiles.Entry> got = BaseFiles.read(tar, Set.of("etc/passwd", "etc/shadow", "etc/group", "opt/a/file", "etc/none"));
        assertEquals(Set.of("etc/passwd", "etc/group"), got.keySet());
        assertArrayEquals("root:x:0:0::/root:/bin/bash\n".getBytes(StandardCharsets.UTF_8), got.get("etc/passwd").content());
        assertEquals(0640, got.get("etc/passwd").mode());
        assertEquals(42, got.get("etc/passwd").gid());
    }

    @Test
    void notADockerSaveTarIsOneClearError() throws Exception {
        Path tar = dir.resolve("plain.tar");
        Files.write(tar, layer(Map.of("etc/passwd", "x"), false));
        SandboxException e = assertThrows(SandboxException.class, () -> BaseFiles.read(tar, Set.of("etc/passwd")));
        assertTrue(e.getMessage().contains("manifest.json"), e.getMessage());
        assertThrows(SandboxException.class, () -> BaseFiles.read(dir.resolve("missing.tar"), Set.of("etc/passwd")));
    }
}
