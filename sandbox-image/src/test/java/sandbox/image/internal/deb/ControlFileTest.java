package sandbox.image.internal.deb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import sandbox.api.SandboxException;

class ControlFileTest {

    static final String TWO = """
            Package: ipset
            Version: 7.17-1
            Description: administration tool for kernel IP sets
             IP sets are a framework inside the Linux kernel.
             .
             More text.

            package: libipset13
            Depends: libc6 (>= 2.34)
            """;

    @Test
    void parsesParagraphsFieldsAndContinuationLines() throws SandboxException {
        List<Stanza> s = ControlFile.parse(TWO, "Packages");
        assertEquals(2, s.size());
        assertEquals("7.17-1", s.get(0).get("version").orElseThrow());
        assertEquals("administration tool for kernel IP sets\n IP sets are a framework inside the Linux kernel.\n .\n More text.",
                s.get(0).get("Description").orElseThrow());
        assertEquals("libipset13", s.get(1).get("Package").orElseThrow());
        assertEquals(8, s.get(1).line());
    }

    @Test
    void rendersAStanzaBackVerbatim() throws SandboxException {
        Stanza s = ControlFile.parse(TWO, "Packages").get(0);
        assertEquals(TWO.substring(0, TWO.indexOf("\n\n") + 1), s.render());
    }

    @Test
    void insertsAFieldAfterAnother() throws SandboxException {
        Stanza s = ControlFile.parse("Package: a\nVersion: 1\n", "x").get(0)
                .with("Status", "install ok installed", "Package");
        assertEquals("Package: a\nStatus: install ok installed\nVersion: 1\n", s.render());
    }

    @Test
    void reportsFileAndLineOfABadLine() {
        SandboxException e = assertThrows(SandboxException.class,
                () -> ControlFile.parse("Package: a\nno colon here\n", "Packages"));
        assertEquals("Packages:2: expected 'Field: value', got 'no colon here' (hint: control files are deb822 paragraphs)",
                e.oneLine());
    }
}
