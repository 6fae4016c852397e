package sandbox.image.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import sandbox.image.Processes;

/**
 * The benchmark's registry as a real one is: TLS with a certificate the client trusts (here a
 * throwaway one for 127.0.0.1, trusted by this JVM only through a truststore made for the run),
 * holding the base that builds name by digest.
 */
final class BenchRegistry {

    /** PEM certificate and key for docker-registry; {@code certDir} holds it as {@code ca.crt} for skopeo. */
    record Tls(Path cert, Path key, Path certDir) { }

    private BenchRegistry() {
    }

    /** Makes the certificate and points this JVM's default trust at a truststore holding only it. */
    static Tls trustThrowawayCertificate(Path dir) throws Exception {
        Path certDir = Files.createDirectories(dir.resolve("certs"));
        Path cert = certDir.resolve("ca.crt");
        Path key = dir.resolve("key.pem");
        Processes.Result r = Processes.run(Duration.ofMinutes(1), List.of("openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(), "-out", cert.toString()));
        if (!r.ok()) {
            throw new IllegalStateException("openssl could not make a certificate: " + r);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            store.setCertificateEntry("bench-registry", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        Path trustStore = dir.resolve("truststore.p12");
        char[] password = "bench-only".toCharArray();
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            store.store(out, password);
        }
        // Read when the first TLS connection is made; the benchmark talks TLS only to this registry.
        System.setProperty("javax.net.ssl.trustStore", trustStore.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", new String(password));
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        return new Tls(cert, key, certDir);
    }

    /** Copies {@code daemonImage} into the registry; returns its reference pinned by digest. */
    static String pushBase(Processes.LocalRegistry registry, Tls tls, String daemonImage) throws Exception {
        String repo = registry.address() + "/bench/bookworm";
        Path digestFile = tls.certDir().getParent().resolve("base.digest");
        Processes.Result r = Processes.run(Duration.ofMinutes(5), List.of("skopeo", "copy", "--quiet",
                "--dest-cert-dir", tls.certDir().toString(), "--digestfile", digestFile.toString(),
                "docker-daemon:" + daemonImage, "docker://" + repo + ":tools"));
        if (!r.ok()) {
            throw new IllegalStateException("skopeo could not copy the base into the registry: " + r);
        }
        String ref = repo + "@" + Files.readString(digestFile).trim();
        Processes.Result manifest = Processes.run(Duration.ofMinutes(1), List.of("skopeo", "inspect", "--raw",
                "--cert-dir", tls.certDir().toString(), "docker://" + ref));
        String configDigest = new ObjectMapper().readTree(manifest.out()).path("config").path("digest").asText();
        if (!configDigest.equals(imageId(daemonImage))) {
            throw new IllegalStateException("the registry copy of " + daemonImage + " has config " + configDigest
                    + ", not the daemon's image ID " + imageId(daemonImage));
        }
        return ref;
    }

    static String imageId(String daemonImage) {
        return Processes.docker("image", "inspect", "-f", "{{.Id}}", daemonImage).out().trim();
    }
}
