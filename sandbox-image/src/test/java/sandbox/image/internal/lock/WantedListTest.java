package sandbox.image.internal.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.SandboxException;
import sandbox.image.DebianPackage;
import sandbox.image.LockedBase;
import sandbox.image.Lockfile;
import sandbox.image.NpmPackage;
import sandbox.image.PlatformLock;

class WantedListTest {

    @TempDir
    Path tmp;

    @Test
    void readsNamesSkippingCommentsAndDuplicates() throws Exception {
        Path f = Files.writeString(tmp.resolve("packages.debian"), "# firewall\niptables  # nft\n\nipset\niptables\n");
        assertEquals(List.of("iptables", "ipset"), WantedList.debian(f));
        Path n = Files.writeString(tmp.resolve("packages.npm"), "@anthropic-ai/claude-code\nn@10.2.0\n");
        assertEquals(List.of("@anthropic-ai/claude-code", "n@10.2.0"), WantedList.npm(n));
    }

    @Test
    void pointsAtTheBadLineAndColumn() throws Exception {
        Path f = Files.writeString(tmp.resolve("packages.debian"), "iptables\n  Bad_Name\n");
        SandboxException e = assertThrows(SandboxException.class, () -> WantedList.debian(f));
        assertEquals(f + ":2:3: not a package: 'Bad_Name' (hint: expected a Debian package name such as 'iptables')",
                e.oneLine());
    }

    @Test
    void aMissingListIsEmpty() throws Exception {
        assertEquals(List.of(), WantedList.npm(tmp.resolve("nope")));
    }

    static Lockfile lock(String digest, List<DebianPackage> debs, List<NpmPackage> npm) {
        return new Lockfile(1, new LockedBase("tar:///b", digest, "debian", "bookworm", "s", List.of()), List.of("bookworm"),
                new java.util.TreeMap<>(java.util.Map.of("amd64", new PlatformLock(debs, npm))));
    }

    static DebianPackage deb(String name, String version) {
        return new DebianPackage(name, version, "amd64", "bookworm", "pool/" + name + ".deb", 1, "00");
    }

    @Test
    void explainsWhatChangedAgainstThePreviousLock() {
        Lockfile before = lock("sha256:1", List.of(deb("ipset", "7.17-1"), deb("sudo", "1.9.13p3-1")), List.of());
        Lockfile after = lock("sha256:2", List.of(deb("iptables", "1.8.9-2"), deb("sudo", "1.9.13p3-1+deb12u4")),
                List.of(new NpmPackage("n", "10.2.0", "n/-/n-10.2.0.tgz", "sha512-x")));
        assertEquals(List.of("~ base sha256:1 -> sha256:2", "- amd64 deb ipset 7.17-1", "+ amd64 deb iptables 1.8.9-2",
                "~ amd64 deb sudo 1.9.13p3-1 -> 1.9.13p3-1+deb12u4", "+ amd64 npm n 10.2.0"),
                LockDiff.between(Optional.of(before), after));
        assertEquals(List.of(), LockDiff.between(Optional.of(after), after));
    }
}
