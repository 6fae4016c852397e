package sandbox.image.internal.deb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sandbox.api.SandboxException;

class DebVersionTest {

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
            "1.0, <, 1.1",
            "1.0, <, 1.0-1",
            "1.0~rc1, <, 1.0",
            "1.0~~, <, 1.0~",
            "1.0~, <, 1.0",
            "1.0, <, 1.0a",
            "1.0a, <, 1.0+",
            "1.0+, <, 1.0.1",
            "1:0.1, >, 9.9",
            "1.10, >, 1.9",
            "1.010, =, 1.10",
            "2:4.0.2-3, =, 2:4.0.2-3",
            "5.36.0-7+deb12u3, <, 5.36.0-7+deb12u4",
            "1.9.13p3-1+deb12u4, >, 1.9.13p3-1",
            "2.36-9+deb12u10, >, 2.36-9+deb12u9",
            "7.88.1-10+deb12u14, <, 7.88.1-10+deb12u14+b1",
            "1.2.3-1~bpo12+1, <, 1.2.3-1",
            "0:1.0, =, 1.0",
    })
    void ordersLikeDpkg(String a, String op, String b) throws SandboxException {
        int expected = switch (op) {
            case "<" -> -1;
            case ">" -> 1;
            default -> 0;
        };
        assertEquals(expected, Integer.signum(DebVersion.parse(a).compareTo(DebVersion.parse(b))));
        assertEquals(-expected, Integer.signum(DebVersion.parse(b).compareTo(DebVersion.parse(a))));
    }

    @org.junit.jupiter.api.Test
    void splitsEpochUpstreamAndRevisionAtTheLastDash() throws SandboxException {
        assertEquals(new DebVersion(2, "4.0.2-rc", "3"), DebVersion.parse("2:4.0.2-rc-3"));
        assertEquals("2:4.0.2-rc-3", DebVersion.parse("2:4.0.2-rc-3").toString());
    }

    @org.junit.jupiter.api.Test
    void refusesAVersionThatDoesNotStartWithADigit() {
        SandboxException e = assertThrows(SandboxException.class, () -> DebVersion.parse("abc"));
        assertEquals("Debian version 'abc' must start with a digit", e.getMessage());
    }
}
