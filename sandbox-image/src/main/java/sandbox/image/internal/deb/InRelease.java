package sandbox.image.internal.deb;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPObjectFactory;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import sandbox.api.SandboxException;

/**
 * A suite's {@code InRelease}: an OpenPGP clear-signed {@code Release} file. Only text
 * whose signature verifies against the archive keyring is ever parsed, so every index
 * hash we trust chains to a key the machine's administrator installed.
 */
public final class InRelease {

    private static final String BEGIN_MESSAGE = "-----BEGIN PGP SIGNED MESSAGE-----";
    private static final String BEGIN_SIGNATURE = "-----BEGIN PGP SIGNATURE-----";

    /** One {@code SHA256} line: hash, size and archive path relative to {@code dists/SUITE/}. */
    public record IndexFile(String sha256, long size, String path) { }

    private final Stanza release;
    private final long keyId;

    private InRelease(Stanza release, long keyId) {
        this.release = release;
        this.keyId = keyId;
    }

    /** Reads an OpenPGP keyring in binary or armored form (e.g. Debian's archive keyring). */
    public static PGPPublicKeyRingCollection keyring(Path file) throws SandboxException {
        try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(file))) {
            return new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator());
        } catch (IOException | PGPException e) {
            throw new SandboxException("cannot read OpenPGP keyring " + file + ": " + e.getMessage(), null,
                    "install debian-archive-keyring or set debian.keyring", e);
        }
    }

    /** Verifies the clear signature, then parses the signed text. */
    public static InRelease verify(byte[] document, PGPPublicKeyRingCollection keys, String where)
            throws SandboxException {
        String text = new String(document, StandardCharsets.UTF_8).replace("\r\n", "\n");
        int begin = text.indexOf(BEGIN_MESSAGE);
        int sigStart = text.indexOf("\n" + BEGIN_SIGNATURE);
        if (begin != 0 || sigStart < 0) {
            throw new SandboxException("not an OpenPGP clear-signed document", where,
                    "the archive must serve a signed InRelease", null);
        }
        int body = text.indexOf("\n\n", begin);
        if (body < 0 || body > sigStart) {
            throw new SandboxException("clear-signed document without a body", where, null, null);
        }
        List<String> lines = new ArrayList<>(List.of(text.substring(body + 2, sigStart).split("\n", -1)));
        StringBuilder signed = new StringBuilder();
        StringBuilder canonical = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).startsWith("- ") ? lines.get(i).substring(2) : lines.get(i);
            signed.append(line).append('\n');
            // RFC 4880 7.1: trailing whitespace is not signed, line ends are CRLF, no final one.
            canonical.append(line.replaceAll("[ \t]+$", ""));
            if (i < lines.size() - 1) {
                canonical.append("\r\n");
            }
        }
        PGPSignatureList signatures = signatures(text.substring(sigStart + 1), where);
        byte[] data = canonical.toString().getBytes(StandardCharsets.UTF_8);
        for (PGPSignature sig : signatures) {
            PGPPublicKey key = keys.getPublicKey(sig.getKeyID());
            if (key == null || key.hasRevocation()) {
                continue;
            }
            try {
                sig.init(new BcPGPContentVerifierBuilderProvider(), key);
                sig.update(data);
                if (sig.verify()) {
                    List<Stanza> parsed = ControlFile.parse(signed.toString(), where);
                    if (parsed.size() != 1) {
                        throw new SandboxException("signed Release has " + parsed.size() + " paragraphs", where,
                                null, null);
                    }
                    return new InRelease(parsed.get(0), sig.getKeyID());
                }
            } catch (PGPException e) {
                // a signature we cannot check is not a valid one; try the next
            }
        }
        throw new SandboxException("no valid signature from a trusted key", where,
                "check the archive keyring (setting debian.keyring) and the mirror", null);
    }

    private static PGPSignatureList signatures(String armored, String where) throws SandboxException {
        try (ArmoredInputStream in = new ArmoredInputStream(
                new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
            PGPObjectFactory factory = new PGPObjectFactory(in, new BcKeyFingerprintCalculator());
            Object o = factory.nextObject();
            if (o instanceof PGPSignatureList list) {
                return list;
            }
            throw new SandboxException("signature block holds no signature", where, null, null);
        } catch (IOException e) {
            throw new SandboxException("unreadable signature block: " + e.getMessage(), where, null, e);
        }
    }

    public Stanza release() {
        return release;
    }

    /** The key that made the signature we accepted, as 16 hex digits. */
    public String keyId() {
        return String.format("%016X", keyId);
    }

    /** The signed hash entry for {@code path} (e.g. {@code main/binary-amd64/Packages.xz}). */
    public Optional<IndexFile> index(String path) {
        for (String line : release.get("SHA256", "").split("\n")) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length == 3 && parts[2].equals(path)) {
                return Optional.of(new IndexFile(parts[0], Long.parseLong(parts[1]), parts[2]));
            }
        }
        return Optional.empty();
    }
}
