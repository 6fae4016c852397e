package sandbox.image.internal.packages;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import sandbox.api.SandboxException;

/** A content hash: {@code sha256} for Debian files, {@code sha512} for npm tarballs. */
public record Digest(String algorithm, String hex) {

    public Digest {
        if (!algorithm.equals("sha256") && !algorithm.equals("sha512")) {
            throw new IllegalArgumentException("unsupported digest algorithm " + algorithm);
        }
        hex = hex.toLowerCase(Locale.ROOT);
    }

    public static Digest sha256(String hex) throws SandboxException {
        if (!hex.matches("[0-9a-fA-F]{64}")) {
            throw new SandboxException("not a sha256 hex digest: '" + hex + "'");
        }
        return new Digest("sha256", hex);
    }

    /** From npm's Subresource Integrity string {@code sha512-BASE64}. */
    public static Digest integrity(String sri) throws SandboxException {
        if (!sri.startsWith("sha512-")) {
            throw new SandboxException("integrity '" + abbreviate(sri) + "' is not sha512",
                    null, "the lock only accepts sha512 integrity values", null);
        }
        try {
            byte[] raw = Base64.getDecoder().decode(sri.substring("sha512-".length()));
            if (raw.length != 64) {
                throw new SandboxException("integrity '" + abbreviate(sri) + "' has the wrong length");
            }
            return new Digest("sha512", HexFormat.of().formatHex(raw));
        } catch (IllegalArgumentException e) {
            throw new SandboxException("integrity '" + abbreviate(sri) + "' is not base64", e);
        }
    }

    public MessageDigest newHasher() {
        return hasher(algorithm);
    }

    public static MessageDigest hasher(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm.equals("sha256") ? "SHA-256" : "SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has " + algorithm, e);
        }
    }

    public static Digest of(String algorithm, byte[] hash) {
        return new Digest(algorithm, HexFormat.of().formatHex(hash));
    }

    private static String abbreviate(String s) {
        return s.length() > 24 ? s.substring(0, 24) + "…" : s;
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
