package sandbox.secrets.internal.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import sandbox.secrets.Secret;

class PostgresSidecarTest {

    @Test
    void psqlErrorsLoseTheirStatementEcho() {
        Secret pw = Secret.of("the-password-1234");
        Secret verifier = ScramVerifier.of(pw);
        assertEquals("ERROR:  role \"x\" does not exist", PostgresSidecar.redacted(
                "ERROR:  role \"x\" does not exist\nLINE 1: ALTER ROLE \"x\" PASSWORD '" + verifier.reveal() + "';\n   ^",
                pw, verifier));
        assertEquals("(message withheld: it quoted the secret)",
                PostgresSidecar.redacted("FATAL: bad the-password-1234", pw, verifier));
        assertEquals("(no message)", PostgresSidecar.redacted("\n", pw, verifier));
    }
}
