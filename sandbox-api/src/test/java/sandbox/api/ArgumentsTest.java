package sandbox.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgumentsTest {

    @Test
    void parsesFlagsValuesRepeatsAndPositionals() throws Exception {
        Arguments a = Arguments.parse(List.of("--json", "--out", "dir", "--allowlist=a.txt", "x", "--allowlist", "b.txt",
                "--", "--not-an-option"), Set.of("--json"), Set.of("--out", "--allowlist"));
        assertTrue(a.has("--json"));
        assertEquals(Optional.of("dir"), a.value("--out"));
        assertEquals(List.of("a.txt", "b.txt"), a.values("--allowlist"));
        assertEquals(List.of("x", "--not-an-option"), a.positionals());
    }

    @Test
    void unknownOptionIsAUsageErrorNamingIt() {
        UsageException e = assertThrows(UsageException.class,
                () -> Arguments.parse(List.of("--colour"), Set.of("--json"), Set.of()));
        assertEquals("unknown option '--colour'", e.getMessage());
        assertEquals(2, e.exitCode());
    }

    @Test
    void missingValueIsAUsageError() {
        UsageException e = assertThrows(UsageException.class,
                () -> Arguments.parse(List.of("--out"), Set.of(), Set.of("--out")));
        assertEquals("option --out needs a value", e.getMessage());
    }

    @Test
    void tooManyPositionalsIsAUsageError() {
        UsageException e = assertThrows(UsageException.class,
                () -> Arguments.parse(List.of("a", "b"), Set.of(), Set.of()).atMostPositionals(1));
        assertEquals("unexpected argument 'b'", e.getMessage());
    }
}
