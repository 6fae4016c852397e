package sandbox.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SandboxExceptionTest {

    @Test
    void oneLineHasWhereMessageAndHint() {
        SandboxException e = new SandboxException("'*.example.net' is a wildcard", "config/extra-allowlist.txt:7:1",
                "list each host", null);
        assertEquals("config/extra-allowlist.txt:7:1: '*.example.net' is a wildcard (hint: list each host)", e.oneLine());
        assertEquals(1, e.exitCode());
    }
}
