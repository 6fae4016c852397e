package sandbox.secrets.internal.postgres;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import sandbox.secrets.Secret;

/**
 * A PostgreSQL SCRAM-SHA-256 password verifier (RFC 5802/7677, as {@code psql \password}
 * makes it): {@code ALTER ROLE … PASSWORD '<verifier>'} stores it as is, so the plain
 * password never reaches the server, its logs or its error messages.
 */
public final class ScramVerifier {

    static final int ITERATIONS = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ScramVerifier() {
    }

    /** {@code SCRAM-SHA-256$4096:<salt>$<StoredKey>:<ServerKey>} with a fresh 16-byte salt. */
    public static Secret of(Secret password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return of(password, salt, ITERATIONS);
    }

    static Secret of(Secret password, byte[] salt, int iterations) {
        byte[] salted = saltedPassword(password, salt, iterations);
        byte[] storedKey = sha256(hmac(salted, "Client Key"));
        byte[] serverKey = hmac(salted, "Server Key");
        Base64.Encoder b64 = Base64.getEncoder();
        return Secret.of("SCRAM-SHA-256$" + iterations + ":" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(storedKey) + ":" + b64.encodeToString(serverKey));
    }

    /** Whether {@code password} matches {@code verifier} (what the server checks at login). */
    public static boolean matches(Secret verifier, Secret password) {
        String v = verifier.reveal();
        String[] parts = v.substring("SCRAM-SHA-256$".length()).split("[$:]");
        byte[] salt = Base64.getDecoder().decode(parts[1]);
        Secret expected = of(password, salt, Integer.parseInt(parts[0]));
        return expected.equals(verifier);
    }

    static byte[] saltedPassword(Secret password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.reveal().toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        }
    }

    static byte[] hmac(byte[] key, String message) {
        return hmac(key, message.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
