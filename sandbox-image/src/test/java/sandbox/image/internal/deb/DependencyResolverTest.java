package sandbox.image.internal.deb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import sandbox.api.SandboxException;

class DependencyResolverTest {

    /** A small archive: real names, alternatives, a virtual package, versions in two suites. */
    static final String MAIN = """
            Package: tool
            Version: 1.0-1
            Architecture: amd64
            Depends: libfoo1 (>= 1.2), mail-transport-agent, awk | mawk, libc6 (>= 2.34)
            Pre-Depends: libbar0
            Filename: pool/main/t/tool/tool_1.0-1_amd64.deb
            Size: 100
            SHA256: aa

            Package: libfoo1
            Version: 1.1-1
            Architecture: amd64
            Filename: pool/main/f/foo/libfoo1_1.1-1_amd64.deb
            Size: 10
            SHA256: bb

            Package: libbar0
            Version: 0.5
            Architecture: amd64
            Filename: pool/main/b/bar/libbar0_0.5_amd64.deb
            Size: 10
            SHA256: cc

            Package: postfix
            Version: 3.7
            Architecture: amd64
            Provides: mail-transport-agent
            Depends: libc6
            Filename: pool/main/p/postfix/postfix_3.7_amd64.deb
            Size: 10
            SHA256: dd

            Package: exim4
            Version: 4.96
            Architecture: amd64
            Provides: mail-transport-agent
            Filename: pool/main/e/exim4/exim4_4.96_amd64.deb
            Size: 10
            SHA256: ee

            Package: armonly
            Version: 1
            Architecture: arm64
            Filename: pool/main/a/armonly/armonly_1_arm64.deb
            Size: 10
            SHA256: ff
            """;

    static final String UPDATES = """
            Package: libfoo1
            Version: 1.2-1
            Architecture: amd64
            Filename: pool/main/f/foo/libfoo1_1.2-1_amd64.deb
            Size: 12
            SHA256: b2
            """;

    static final String BASE = """
            Package: libc6
            Status: install ok installed
            Version: 2.36-9
            Architecture: amd64

            Package: mawk
            Status: install ok installed
            Version: 1.3.4
            Provides: awk
            Architecture: amd64

            Package: gone
            Status: deinstall ok config-files
            Version: 1
            """;

    static PackageIndex index() throws SandboxException {
        return new PackageIndex()
                .add(stream(MAIN), "bookworm", "amd64", "main")
                .add(stream(UPDATES), "bookworm-updates", "amd64", "updates");
    }

    static ByteArrayInputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    static InstalledSet base() throws SandboxException {
        return InstalledSet.fromStatus(BASE, "status");
    }

    @Test
    void closesOverDependsAndPreDependsSkippingWhatTheBaseHas() throws SandboxException {
        List<Candidate> got = new DependencyResolver(index(), base()).resolve(List.of("tool"));
        assertEquals(List.of("exim4 4.96 bookworm", "libbar0 0.5 bookworm", "libfoo1 1.2-1 bookworm-updates",
                "tool 1.0-1 bookworm"), got.stream().map(c -> c.name() + " " + c.version() + " " + c.suite()).toList());
    }

    @Test
    void aVirtualPackageAlreadyChosenOrInstalledAddsNothing() throws SandboxException {
        List<Candidate> got = new DependencyResolver(index(), base()).resolve(List.of("postfix", "tool"));
        assertEquals(List.of("libbar0", "libfoo1", "postfix", "tool"), got.stream().map(Candidate::name).toList());
    }

    @Test
    void theFirstSatisfiableAlternativeWins() throws SandboxException {
        PackageIndex idx = index().add(new Candidate("chooser", DebVersion.parse("1"), "amd64", "bookworm",
                "pool/c.deb", 1, "00", "missing-one | libbar0 | libfoo1", "", ""));
        assertEquals(List.of("chooser", "libbar0"), new DependencyResolver(idx, base()).resolve(List.of("chooser"))
                .stream().map(Candidate::name).toList());
    }

    @Test
    void aVersionConstraintNobodyMeetsIsAClearError() throws SandboxException {
        PackageIndex idx = index().add(new Candidate("picky", DebVersion.parse("1"), "amd64", "bookworm",
                "pool/p.deb", 1, "00", "libfoo1 (>= 2.0)", "", ""));
        SandboxException e = assertThrows(SandboxException.class,
                () -> new DependencyResolver(idx, base()).resolve(List.of("picky")));
        assertEquals("cannot satisfy 'libfoo1 (>= 2.0)' (required by picky 1)", e.getMessage());
    }

    @Test
    void ignoresOtherArchitecturesAndRemovedBasePackages() throws SandboxException {
        assertThrows(SandboxException.class, () -> new DependencyResolver(index(), base()).resolve(List.of("armonly")));
        assertEquals(List.of("libc6", "mawk"), List.copyOf(base().versions().keySet()));
    }

    @Test
    void parsesRelationsWithArchQualifiersAndObsoleteOperators() throws SandboxException {
        List<List<Relation>> f = Relation.parseField("perl:any (>= 5.6), libc6 (< 2.40) | musl, python3:amd64", "t");
        assertEquals("[[perl (>= 5.6)], [libc6 (<= 2.40), musl], [python3]]", f.toString());
    }
}
