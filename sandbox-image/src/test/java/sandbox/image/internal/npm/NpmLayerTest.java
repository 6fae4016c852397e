package sandbox.image.internal.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.image.NpmPackage;
import sandbox.image.internal.packages.LayerTar;
import sandbox.image.internal.packages.TarFixtures;
import sandbox.image.internal.packages.TarFixtures.E;

class NpmLayerTest {

    @TempDir
    Path tmp;

    Path tgz(String name, List<E> entries) throws Exception {
        return Files.write(tmp.resolve(name + ".tgz"), TarFixtures.gzip(TarFixtures.tar(entries)));
    }

    static NpmPackage pkg(String name) {
        return new NpmPackage(name, "1.0.0", name + "/-/x-1.0.0.tgz", "sha512-unused");
    }

    @Test
    void unpacksUnderNodeModulesWithBinLinksAndNpmModes() throws Exception {
        LayerTar layer = new LayerTar(s -> { });
        NpmLayer npm = new NpmLayer(layer, tmp, s -> { });
        npm.add(pkg("@scope/tool"), tgz("tool", List.of(
                new E("package/package.json", 'f', 0600, "{\"name\":\"@scope/tool\",\"bin\":{\"tool\":\"./bin/tool.sh\"}}"),
                new E("package/bin/tool.sh", 'f', 0600, "#!/bin/sh\necho hi\n"),
                new E("package/lib/x.js", 'f', 0777, "x"),
                new E("package/evil", 'l', 0777, "/etc/shadow"))));
        npm.add(pkg("single"), tgz("single", List.of(
                new E("node-single/package.json", 'f', 0644, "{\"name\":\"single\",\"bin\":\"cli.js\"}"),
                new E("node-single/cli.js", 'f', 0644, ""))));
        npm.finish();
        Path out = tmp.resolve("layer.tar");
        layer.writeTo(out);
        Map<String, TarFixtures.Read> r = TarFixtures.read(out);
        String dir = "usr/local/lib/node_modules/@scope/tool/";
        assertEquals(0100755, r.get(dir + "bin/tool.sh").entry().getMode(), "a bin target is made executable");
        assertEquals(0100644, r.get(dir + "package.json").entry().getMode());
        assertEquals(0100755, r.get(dir + "lib/x.js").entry().getMode());
        assertEquals("../lib/node_modules/@scope/tool/bin/tool.sh", r.get("usr/local/bin/tool").entry().getLinkName());
        assertEquals("../lib/node_modules/single/cli.js", r.get("usr/local/bin/single").entry().getLinkName());
        assertTrue(!r.containsKey(dir + "evil"), "links inside tarballs are ignored, as npm does");
    }

    @Test
    void emulatesClaudeCodesPostinstallWithAHardLinkToTheNativeBinary() throws Exception {
        LayerTar layer = new LayerTar(s -> { });
        List<String> log = new ArrayList<>();
        NpmLayer npm = new NpmLayer(layer, tmp, log::add);
        npm.add(pkg("@anthropic-ai/claude-code"), tgz("stub", List.of(
                new E("package/package.json", 'f', 0644, "{\"bin\":{\"claude\":\"bin/claude.exe\"}}"),
                new E("package/bin/claude.exe", 'f', 0644, "placeholder"))));
        npm.add(pkg("@anthropic-ai/claude-code-linux-x64"), tgz("native", List.of(
                new E("package/package.json", 'f', 0644, "{}"),
                new E("package/claude", 'f', 0644, "\u007fELF"))));
        npm.finish();
        Path out = tmp.resolve("layer.tar");
        layer.writeTo(out);
        Map<String, TarFixtures.Read> r = TarFixtures.read(out);
        String stub = "usr/local/lib/node_modules/@anthropic-ai/claude-code/bin/claude.exe";
        assertTrue(r.get(stub).entry().isLink());
        assertEquals("usr/local/lib/node_modules/@anthropic-ai/claude-code-linux-x64/claude", r.get(stub).entry().getLinkName());
        assertEquals(0100755, r.get("usr/local/lib/node_modules/@anthropic-ai/claude-code-linux-x64/claude").entry().getMode());
        assertEquals("../lib/node_modules/@anthropic-ai/claude-code/bin/claude.exe", r.get("usr/local/bin/claude").entry().getLinkName());
        List<String> names = List.copyOf(r.keySet());
        assertTrue(names.indexOf(stub) > names.indexOf("usr/local/lib/node_modules/@anthropic-ai/claude-code-linux-x64/claude"),
                "the hard link comes after its target");
        assertEquals(List.of("emulated @anthropic-ai/claude-code postinstall: bin/claude.exe -> "
                + "@anthropic-ai/claude-code-linux-x64/claude"), log);
    }
}
