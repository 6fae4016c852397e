package sandbox.secrets;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A separate process for the multi-process tests: waits until a shared start instant, runs
 * {@code ensure} on the path, and prints whether it created the file and a fingerprint
 * (not the value) of the password it ends up with.
 */
public final class EnsureProcess {

    public static void main(String[] args) throws Exception {
        if (args[0].equals("--umask-probe")) {
            java.nio.file.Files.createFile(Path.of(args[1]));
            return;
        }
        Path path = Path.of(args[0]);
        long startAt = Long.parseLong(args[1]);
        while (System.currentTimeMillis() < startAt) {
            Thread.onSpinWait();
        }
        Ensured e = SecretFile.at(path).withoutGit().ensure();
        String pw = SecretFile.at(path).withoutGit().read().password().reveal();
        System.out.println("created=" + e.created() + " fingerprint=" + fingerprint(pw));
    }

    static String fingerprint(String value) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d, 0, 8);
    }
}
