package sandbox.image.internal.deb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.image.internal.packages.LayerTar;
import sandbox.image.internal.packages.TarFixtures;
import sandbox.image.internal.packages.TarFixtures.E;

class DebLayerTest {

    @TempDir
    Path tmp;

    static final String CONTROL = """
            Package: iptables
            Version: 1.8.9-2
            Architecture: amd64
            Multi-Arch: foreign
            Description: administration tools
             long text
            """;

    Path iptablesDeb() throws Exception {
        return TarFixtures.deb(tmp.resolve("iptables.deb"), CONTROL,
                List.of(new E("./conffiles", 'f', 0644, "/etc/ethertypes\n"),
                        new E("./postinst", 'f', 0755, "#!/bin/sh\nupdate-alternatives ...\n"),
                        new E("./md5sums", 'f', 0644, "abc  usr/sbin/xtables-nft-multi\n")),
                List.of(new E("./", 'd', 0755, ""),
                        new E("./etc/", 'd', 0755, ""),
                        new E("./etc/ethertypes", 'f', 0644, "IPv4 0800\n"),
                        new E("./lib/", 'd', 0755, ""),
                        new E("./lib/x86_64-linux-gnu/", 'd', 0755, ""),
                        new E("./lib/x86_64-linux-gnu/libxt.so.12.0.0", 'f', 0644, "ELF"),
                        new E("./lib/x86_64-linux-gnu/libxt.so.12", 'l', 0777, "libxt.so.12.0.0"),
                        new E("./sbin/", 'd', 0755, ""),
                        new E("./sbin/xtables-nft-multi", 'f', 0755, "ELF"),
                        new E("./sbin/iptables-nft", 'l', 0777, "xtables-nft-multi"),
                        new E("./sbin/ip6tables-nft", 'h', 0755, "./sbin/xtables-nft-multi"),
                        new E("./usr/", 'd', 0755, ""),
                        new E("./usr/lib/", 'd', 0755, ""),
                        new E("./usr/lib/libxt.so", 'l', 0777, "../../lib/x86_64-linux-gnu/libxt.so.12")));
    }

    Map<String, TarFixtures.Read> build(List<String> log) throws Exception {
        LayerTar layer = new LayerTar(log::add);
        DebLayer deb = new DebLayer(layer, tmp, log::add);
        deb.add(iptablesDeb());
        deb.writeStatus("Package: libc6\nStatus: install ok installed\nVersion: 2.36-9\n\n"
                + "Package: iptables\nStatus: install ok installed\nVersion: 1.8.7-1\n");
        Path out = tmp.resolve("layer.tar");
        layer.writeTo(out);
        return TarFixtures.read(out);
    }

    @Test
    void unpacksUnderUsrWithoutShadowingTheBaseLinks() throws Exception {
        Map<String, TarFixtures.Read> r = build(new ArrayList<>());
        assertTrue(r.containsKey("usr/sbin/xtables-nft-multi"));
        assertTrue(r.containsKey("usr/lib/x86_64-linux-gnu/libxt.so.12.0.0"));
        for (String top : List.of("bin/", "sbin/", "lib/", "lib64/", "bin", "sbin", "lib")) {
            assertFalse(r.containsKey(top), top + " would replace the base's /usr symlink");
        }
        assertEquals(0100755, r.get("usr/sbin/xtables-nft-multi").entry().getMode());
    }

    @Test
    void keepsSymlinksAndHardLinksPointingAtTheSameFiles() throws Exception {
        Map<String, TarFixtures.Read> r = build(new ArrayList<>());
        assertEquals("xtables-nft-multi", r.get("usr/sbin/iptables-nft").entry().getLinkName());
        assertEquals("libxt.so.12.0.0", r.get("usr/lib/x86_64-linux-gnu/libxt.so.12").entry().getLinkName());
        assertEquals("x86_64-linux-gnu/libxt.so.12", r.get("usr/lib/libxt.so").entry().getLinkName());
        assertTrue(r.get("usr/sbin/ip6tables-nft").entry().isLink());
        assertEquals("usr/sbin/xtables-nft-multi", r.get("usr/sbin/ip6tables-nft").entry().getLinkName());
    }

    @Test
    void emulatesTheIptablesAlternativesLikeUpdateAlternatives() throws Exception {
        List<String> log = new ArrayList<>();
        Map<String, TarFixtures.Read> r = build(log);
        assertEquals("/etc/alternatives/iptables", r.get("usr/sbin/iptables").entry().getLinkName());
        assertEquals("/usr/sbin/iptables-nft", r.get("etc/alternatives/iptables").entry().getLinkName());
        assertEquals("/usr/sbin/ip6tables-nft-restore", r.get("etc/alternatives/ip6tables-restore").entry().getLinkName());
        assertEquals("""
                auto
                /usr/sbin/iptables
                iptables-restore
                /usr/sbin/iptables-restore
                iptables-save
                /usr/sbin/iptables-save

                /usr/sbin/iptables-legacy
                10
                /usr/sbin/iptables-legacy-restore
                /usr/sbin/iptables-legacy-save
                /usr/sbin/iptables-nft
                20
                /usr/sbin/iptables-nft-restore
                /usr/sbin/iptables-nft-save

                """, r.get("var/lib/dpkg/alternatives/iptables").content());
        assertTrue(log.contains("emulated iptables postinst: update-alternatives for iptables/ip6tables/arptables/ebtables (nft)"));
    }

    @Test
    void writesDpkgStatusWithTheBaseAndTheInfoFiles() throws Exception {
        Map<String, TarFixtures.Read> r = build(new ArrayList<>());
        assertEquals("""
                Package: libc6
                Status: install ok installed
                Version: 2.36-9

                Package: iptables
                Status: install ok installed
                Version: 1.8.9-2
                Conffiles:
                 /etc/ethertypes 06f2cc3a7c5680c1775678144a4ee33a
                Architecture: amd64
                Multi-Arch: foreign
                Description: administration tools
                 long text

                """, r.get("var/lib/dpkg/status").content());
        assertEquals("/.\n/etc\n/etc/ethertypes\n/lib\n/lib/x86_64-linux-gnu\n/lib/x86_64-linux-gnu/libxt.so.12.0.0\n"
                + "/lib/x86_64-linux-gnu/libxt.so.12\n/sbin\n/sbin/xtables-nft-multi\n/sbin/iptables-nft\n"
                + "/sbin/ip6tables-nft\n/usr\n/usr/lib\n/usr/lib/libxt.so\n", r.get("var/lib/dpkg/info/iptables.list").content());
        assertEquals("abc  usr/sbin/xtables-nft-multi\n", r.get("var/lib/dpkg/info/iptables.md5sums").content());
        assertEquals("/etc/ethertypes\n", r.get("var/lib/dpkg/info/iptables.conffiles").content());
    }
}
