package sandbox.image.internal.packages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerTarTest {

    @TempDir
    Path tmp;

    static LayerTar sample(List<String> notes) {
        LayerTar layer = new LayerTar(notes::add);
        layer.add(LayerEntry.hardlink("usr/bin/b", "usr/bin/a", 0755, 0, 0));
        layer.add(LayerEntry.file("usr/bin/a", 04755, 0, 0, "A".getBytes(StandardCharsets.UTF_8)));
        layer.add(LayerEntry.symlink("usr/sbin/iptables", "/etc/alternatives/iptables"));
        layer.add(LayerEntry.file("etc/sudoers", 0440, 0, 42, "S".getBytes(StandardCharsets.UTF_8)));
        layer.add(LayerEntry.file("usr/lib/node_modules/" + "x".repeat(120) + "/index.js", 0644, 0, 0, new byte[0]));
        return layer;
    }

    @Test
    void writesSortedEntriesWithParentsAndHardLinksLast() throws Exception {
        Path out = tmp.resolve("layer.tar");
        sample(new ArrayList<>()).writeTo(out);
        assertEquals(List.of("etc/", "etc/sudoers", "usr/", "usr/bin/", "usr/bin/a", "usr/lib/", "usr/lib/node_modules/",
                "usr/lib/node_modules/" + "x".repeat(120) + "/", "usr/lib/node_modules/" + "x".repeat(120) + "/index.js",
                "usr/sbin/", "usr/sbin/iptables", "usr/bin/b"), List.copyOf(TarFixtures.read(out).keySet()));
    }

    @Test
    void keepsModesOwnersAndRealLinksWithOneMtimeAndNoNames() throws Exception {
        Path out = tmp.resolve("layer.tar");
        sample(new ArrayList<>()).writeTo(out);
        Map<String, TarFixtures.Read> r = TarFixtures.read(out);
        assertEquals(0104755, r.get("usr/bin/a").entry().getMode());
        assertEquals(42, r.get("etc/sudoers").entry().getLongGroupId());
        assertEquals(0440, r.get("etc/sudoers").entry().getMode() & 07777);
        assertTrue(r.get("usr/sbin/iptables").entry().isSymbolicLink());
        assertEquals("/etc/alternatives/iptables", r.get("usr/sbin/iptables").entry().getLinkName());
        assertTrue(r.get("usr/bin/b").entry().isLink());
        assertEquals("usr/bin/a", r.get("usr/bin/b").entry().getLinkName());
        for (TarFixtures.Read e : r.values()) {
            assertEquals(1000L, e.entry().getModTime().getTime(), e.entry().getName());
            assertEquals("", e.entry().getUserName());
        }
    }

    @Test
    void theSameEntriesGiveTheSameBytesWhateverTheOrderAndTime() throws Exception {
        Path a = tmp.resolve("a.tar");
        Path b = tmp.resolve("b.tar");
        sample(new ArrayList<>()).writeTo(a);
        Thread.sleep(1100);   // a PAX header with a wall-clock mtime would differ now
        LayerTar reversed = new LayerTar(s -> { });
        reversed.add(LayerEntry.file("usr/lib/node_modules/" + "x".repeat(120) + "/index.js", 0644, 0, 0, new byte[0]));
        reversed.add(LayerEntry.file("etc/sudoers", 0440, 0, 42, "S".getBytes(StandardCharsets.UTF_8)));
        reversed.add(LayerEntry.symlink("usr/sbin/iptables", "/etc/alternatives/iptables"));
        reversed.add(LayerEntry.file("usr/bin/a", 04755, 0, 0, "A".getBytes(StandardCharsets.UTF_8)));
        reversed.add(LayerEntry.hardlink("usr/bin/b", "usr/bin/a", 0755, 0, 0));
        reversed.writeTo(b);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void aDirectoryNeverReplacesAFileAndADuplicateFileIsNoted() {
        List<String> notes = new ArrayList<>();
        LayerTar layer = sample(notes);
        layer.add(LayerEntry.directory("usr/bin/a", 0755, 0, 0));
        layer.add(LayerEntry.file("etc/sudoers", 0644, 0, 0, new byte[0]));
        assertEquals(LayerEntry.Type.FILE, layer.get("usr/bin/a").orElseThrow().type());
        assertEquals(List.of("note: etc/sudoers is shipped twice; the later package wins"), notes);
    }
}
