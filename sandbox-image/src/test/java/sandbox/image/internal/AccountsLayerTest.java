package sandbox.image.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import sandbox.image.ImageUser;
import sandbox.image.internal.packages.BaseFiles;

class AccountsLayerTest {

    private static BaseFiles.Entry file(String text, int mode, long gid) {
        return new BaseFiles.Entry(text.getBytes(StandardCharsets.UTF_8), mode, 0, gid);
    }

    private static Map<String, BaseFiles.Entry> debian() {
        Map<String, BaseFiles.Entry> m = new HashMap<>();
        m.put("etc/passwd", file("root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n", 0644, 0));
        m.put("etc/group", file("root:x:0:\nshadow:x:42:\nnogroup:x:65534:", 0644, 0));
        m.put("etc/shadow", file("root:*:19000:0:99999:7:::\n", 0640, 42));
        m.put("etc/gshadow", file("root:*::\n", 0640, 42));
        m.put("usr/bin/bash", file("", 0755, 0));
        return m;
    }

    private static Map<String, String> byPath(List<LayerFile> files) {
        return files.stream().collect(Collectors.toMap(LayerFile::path, f -> new String(f.content(), StandardCharsets.UTF_8)));
    }

    @Test
    void appendsTheUserToEveryAccountFileKeepingModesOwnersAndTheBaseLines() {
        List<LayerFile> files = AccountsLayer.files(debian(), ImageUser.CLAUDE);
        Map<String, String> text = byPath(files);
        assertEquals(4, files.size(), text.toString());
        assertTrue(text.get("/etc/passwd").startsWith("root:x:0:0:root:/root:/bin/bash\nnobody:"));
        assertTrue(text.get("/etc/passwd").endsWith("\nclaude:x:1000:1000::/home/claude:/bin/bash\n"));
        assertEquals("root:x:0:\nshadow:x:42:\nnogroup:x:65534:\nclaude:x:1000:\n", text.get("/etc/group"));
        assertTrue(text.get("/etc/shadow").endsWith("\nclaude:!::0:99999:7:::\n"));
        assertTrue(text.get("/etc/gshadow").endsWith("\nclaude:!::\n"));
        LayerFile shadow = files.stream().filter(f -> f.path().equals("/etc/shadow")).findFirst().orElseThrow();
        assertEquals(0640, shadow.mode());
        assertEquals("0:42", shadow.ownership());
    }

    @Test
    void withoutBashTheShellIsSh() {
        Map<String, BaseFiles.Entry> base = debian();
        base.remove("usr/bin/bash");
        assertTrue(byPath(AccountsLayer.files(base, ImageUser.CLAUDE)).get("/etc/passwd").endsWith(":/home/claude:/bin/sh\n"));
    }

    @Test
    void aBaseThatHasTheNameOrTheUidIsLeftToSandboxInit() {
        Map<String, BaseFiles.Entry> byName = debian();
        byName.put("etc/passwd", file("root:x:0:0::/root:/bin/sh\nclaude:x:1001:1001::/home/claude:/bin/sh\n", 0644, 0));
        assertEquals(List.of(), AccountsLayer.files(byName, ImageUser.CLAUDE));
        Map<String, BaseFiles.Entry> byUid = debian();
        byUid.put("etc/passwd", file("root:x:0:0::/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n", 0644, 0));
        assertEquals(List.of(), AccountsLayer.files(byUid, ImageUser.CLAUDE));
    }

    @Test
    void anExistingGroupWithTheGidIsUsedAsItIs() {
        Map<String, BaseFiles.Entry> base = debian();
        base.put("etc/group", file("root:x:0:\nstaff1000:x:1000:\n", 0644, 0));
        Map<String, String> text = byPath(AccountsLayer.files(base, ImageUser.CLAUDE));
        assertEquals(List.of("/etc/passwd", "/etc/shadow"), text.keySet().stream().sorted().toList());
    }

    @Test
    void noAccountFilesNoLayer() {
        assertEquals(List.of(), AccountsLayer.files(Map.of(), ImageUser.CLAUDE));
    }
}
