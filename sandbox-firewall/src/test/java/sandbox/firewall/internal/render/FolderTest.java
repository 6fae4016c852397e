package sandbox.firewall.internal.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A compile over an existing folder keeps that directory (a container may have it mounted). */
class FolderTest {

    @TempDir
    Path root;

    private static Map<String, byte[]> files(String mode, String extra) {
        return Map.of("mode", mode.getBytes(StandardCharsets.UTF_8), extra, "x".getBytes(StandardCharsets.UTF_8),
                "apply", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rewritingKeepsTheDirectoryAndLeavesOnlyTheNewFiles() throws Exception {
        Path dir = root.resolve("firewall");
        Folder.write(dir, files("strict\n", "old-only"), "apply");
        Object before = Files.readAttributes(dir, BasicFileAttributes.class).fileKey();

        Folder.write(dir, files("permissive\n", "new-only"), "apply");

        assertEquals(before, Files.readAttributes(dir, BasicFileAttributes.class).fileKey(), "the same directory");
        assertEquals("permissive\n", Files.readString(dir.resolve("mode")));
        assertFalse(Files.exists(dir.resolve("old-only")));
        assertTrue(Files.isExecutable(dir.resolve("apply")));
        try (var left = Files.list(root)) {
            assertEquals(1, left.count(), "no staging folder is left beside it");
        }
    }

    @Test
    void aFolderOfOtherDataIsNeverWrittenInto() throws Exception {
        Path dir = Files.createDirectories(root.resolve("mine"));
        Files.writeString(dir.resolve("notes.txt"), "keep");
        assertThrows(IOException.class, () -> Folder.write(dir, files("strict\n", "a"), "apply"));
        assertEquals("keep", Files.readString(dir.resolve("notes.txt")));
    }
}
