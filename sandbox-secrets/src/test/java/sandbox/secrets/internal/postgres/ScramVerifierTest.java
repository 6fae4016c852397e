package sandbox.secrets.internal.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import sandbox.secrets.Secret;

class ScramVerifierTest {

    /** RFC 7677 section 3: user "user", password "pencil"; the server's and client's proofs. */
    @Test
    void matchesTheRfc7677Exchange() {
        byte[] salt = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
        String verifier = ScramVerifier.of(Secret.of("pencil"), salt, 4096).reveal();
        String[] parts = verifier.split("\\$");
        assertEquals("SCRAM-SHA-256", parts[0]);
        assertEquals("4096:W22ZaJ0SNY7soEsUEjb6gQ==", parts[1]);
        byte[] storedKey = Base64.getDecoder().decode(parts[2].split(":")[0]);
        byte[] serverKey = Base64.getDecoder().decode(parts[2].split(":")[1]);

        String nonce = "rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
        byte[] authMessage = ("n=user,r=rOprNGfwEbeRWgbNEkqO,r=" + nonce + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r="
                + nonce).getBytes(StandardCharsets.UTF_8);
        assertEquals("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
                Base64.getEncoder().encodeToString(ScramVerifier.hmac(serverKey, authMessage)));

        byte[] clientKey = ScramVerifier.hmac(ScramVerifier.saltedPassword(Secret.of("pencil"), salt, 4096), "Client Key");
        assertEquals(Base64.getEncoder().encodeToString(storedKey),
                Base64.getEncoder().encodeToString(ScramVerifier.sha256(clientKey)));
        byte[] signature = ScramVerifier.hmac(storedKey, authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        assertEquals("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", Base64.getEncoder().encodeToString(proof));
    }

    @Test
    void freshSaltEachTimeAndMatchesOnlyItsPassword() {
        Secret a = ScramVerifier.of(Secret.of("first-password"));
        Secret b = ScramVerifier.of(Secret.of("first-password"));
        assertNotEquals(a.reveal(), b.reveal());
        assertTrue(ScramVerifier.matches(a, Secret.of("first-password")));
        assertFalse(ScramVerifier.matches(a, Secret.of("second-password")));
        assertFalse(a.reveal().contains("first-password"));
    }
}
