package sandbox.image.internal.deb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Date;
import java.util.stream.Stream;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.SandboxException;

class InReleaseTest {

    static final String RELEASE = """
            Origin: Test
            Codename: bookworm
            Label: has trailing blanks\t\s\s
            SHA256:
             9e0b5aabb2465b3d2e7a7fe27f9913846277833f7a2826e7767acccff5b588c5  8790396 main/binary-amd64/Packages.xz
             6777ea16514725f9427f48c240d92e0a6b8496138e37a1491d8597e66774e309 12084798 main/binary-amd64/Packages.gz""";

    static PGPKeyPair signer;
    static PGPKeyPair stranger;

    @TempDir
    Path tmp;

    @BeforeAll
    static void keys() throws Exception {
        signer = rsa();
        stranger = rsa();
    }

    static PGPKeyPair rsa() throws Exception {
        RSAKeyPairGenerator g = new RSAKeyPairGenerator();
        g.init(new RSAKeyGenerationParameters(BigInteger.valueOf(0x10001), new SecureRandom(), 2048, 12));
        return new BcPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL, g.generateKeyPair(), new Date());
    }

    PGPPublicKeyRingCollection keyring(PGPKeyPair kp) throws Exception {
        PGPKeyRingGenerator krg = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, kp, "archive test key",
                new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1), null, null,
                new BcPGPContentSignerBuilder(kp.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256), null);
        Path file = tmp.resolve("keyring.gpg");
        Files.write(file, krg.generatePublicKeyRing().getEncoded());
        return InRelease.keyring(file);
    }

    /** Clear-signs like gpg: dash-escaped body, signature over the canonical text. */
    static byte[] clearSign(String text, PGPKeyPair kp) throws Exception {
        StringBuilder canonical = new StringBuilder();
        StringBuilder escaped = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            canonical.append(lines[i].stripTrailing()).append(i < lines.length - 1 ? "\r\n" : "");
            escaped.append(lines[i].startsWith("-") ? "- " + lines[i] : lines[i]).append('\n');
        }
        PGPSignatureGenerator gen = new PGPSignatureGenerator(
                new BcPGPContentSignerBuilder(kp.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256), kp.getPublicKey());
        gen.init(PGPSignature.CANONICAL_TEXT_DOCUMENT, kp.getPrivateKey());
        gen.update(canonical.toString().getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream armored = new ByteArrayOutputStream();
        try (ArmoredOutputStream a = new ArmoredOutputStream(armored)) {
            gen.generate().encode(a);
        }
        return ("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n" + escaped + armored.toString(StandardCharsets.US_ASCII))
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void acceptsAValidSignatureAndParsesOnlyTheSignedText() throws Exception {
        InRelease r = InRelease.verify(clearSign(RELEASE, signer), keyring(signer), "InRelease");
        assertEquals("bookworm", r.release().get("Codename").orElseThrow());
        assertEquals(new InRelease.IndexFile("9e0b5aabb2465b3d2e7a7fe27f9913846277833f7a2826e7767acccff5b588c5", 8790396,
                "main/binary-amd64/Packages.xz"), r.index("main/binary-amd64/Packages.xz").orElseThrow());
        assertEquals(String.format("%016X", signer.getKeyID()), r.keyId());
    }

    @Test
    void refusesATamperedIndexHash() throws Exception {
        String signed = new String(clearSign(RELEASE, signer), StandardCharsets.UTF_8);
        byte[] tampered = signed.replace(" 9e0b5aab", " 0e0b5aab").getBytes(StandardCharsets.UTF_8);
        SandboxException e = assertThrows(SandboxException.class,
                () -> InRelease.verify(tampered, keyring(signer), "InRelease"));
        assertEquals("InRelease: no valid signature from a trusted key (hint: check the archive keyring (setting "
                + "debian.keyring) and the mirror)", e.oneLine());
    }

    @Test
    void refusesASignatureByAKeyNotInTheKeyring() throws Exception {
        assertThrows(SandboxException.class,
                () -> InRelease.verify(clearSign(RELEASE, stranger), keyring(signer), "InRelease"));
    }

    @Test
    void refusesAnUnsignedRelease() {
        SandboxException e = assertThrows(SandboxException.class, () -> InRelease.verify(
                RELEASE.getBytes(StandardCharsets.UTF_8), new PGPPublicKeyRingCollection(java.util.List.of()), "Release"));
        assertEquals("not an OpenPGP clear-signed document", e.getMessage());
    }

    /** The real thing, when apt on this machine has fetched lists: gpg-made signatures verify too. */
    @Test
    void verifiesTheArchivesOwnInReleaseWithTheMachineKeyring() throws Exception {
        Path keyring = Path.of("/usr/share/keyrings/debian-archive-keyring.gpg");
        Path lists = Path.of("/var/lib/apt/lists");
        assumeTrue(Files.isRegularFile(keyring) && Files.isDirectory(lists), "no Debian keyring or apt lists here");
        Path inRelease;
        try (Stream<Path> s = Files.list(lists)) {
            inRelease = s.filter(p -> p.getFileName().toString().endsWith("_dists_bookworm_InRelease")).findFirst()
                    .orElse(null);
        }
        assumeTrue(inRelease != null, "apt has no bookworm InRelease in " + lists);
        InRelease r = InRelease.verify(Files.readAllBytes(inRelease), InRelease.keyring(keyring), inRelease.toString());
        assertEquals("bookworm", r.release().get("Codename").orElseThrow());
        byte[] tampered = new String(Files.readAllBytes(inRelease), StandardCharsets.UTF_8)
                .replaceFirst("Codename: bookworm", "Codename: bookwork").getBytes(StandardCharsets.UTF_8);
        assertThrows(SandboxException.class, () -> InRelease.verify(tampered, InRelease.keyring(keyring), "x"));
    }
}
