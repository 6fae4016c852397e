package sandbox.image.internal.deb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MergedUsrTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "./sbin/ip, usr/sbin/ip",
            "./bin/, usr/bin",
            "./lib/x86_64-linux-gnu/libmnl.so.0, usr/lib/x86_64-linux-gnu/libmnl.so.0",
            "./lib64/ld-linux-x86-64.so.2, usr/lib64/ld-linux-x86-64.so.2",
            "./usr/sbin/iptables-nft, usr/sbin/iptables-nft",
            "./etc/sudoers, etc/sudoers",
            "./libexec/x, libexec/x",
            "./binaries/x, binaries/x",
            "./, ''",
    })
    void movesAliasedTopLevelDirectoriesUnderUsr(String in, String out) {
        assertEquals(out, MergedUsr.canonical(in));
    }

    @ParameterizedTest(name = "{0} -> {1} becomes {2}")
    @CsvSource({
            // moved link, relative target through an alias: still names the same file
            "./sbin/ip6tables-nft, xtables-nft-multi, xtables-nft-multi",
            "./sbin/x, ../lib/y, ../lib/y",
            "./bin/z, ../usr/bin/w, w",
            "./lib/x86_64-linux-gnu/libip4tc.so.2, libip4tc.so.2.0.0, libip4tc.so.2.0.0",
            // link that stays, target under an alias: points into /usr directly
            "./usr/lib/x86_64-linux-gnu/libz.so, ../../../lib/x86_64-linux-gnu/libz.so.1, libz.so.1",
            // absolute targets are canonicalized
            "./usr/sbin/iptables, /sbin/xtables-nft-multi, /usr/sbin/xtables-nft-multi",
            // nothing moved: the shipped bytes stay
            "./usr/bin/pager, ../share/x, ../share/x",
            "./usr/bin/a, ./b, ./b",
    })
    void rewritesLinkTargetsSoTheyStillResolve(String link, String target, String expected) {
        assertEquals(expected, MergedUsr.linkTarget(link, target));
    }
}
