package sandbox.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.SandboxException;

/** Files a user hands the firewall are bounded and regular; what an error echoes is safe to print. */
class InputLimitsTest {

    @TempDir
    Path dir;

    @Test
    void aSecretFileUnderAnotherNameShowsNoValueInItsErrors() throws Exception {
        Path copy = Files.writeString(dir.resolve("my-list.txt"), "# copied\nPGPASSWORD=hunter2-never-shown\n");
        String errors = Allowlist.parse(copy).errors().toString();
        assertFalse(errors.contains("hunter2"), errors);
        assertTrue(errors.contains("PGPASSWORD=… (value not shown)"), errors);
    }

    @Test
    void aSecretEnvFileIsNeverReadAsAnAllowlistNotEvenBehindALink() throws Exception {
        Path env = Files.writeString(dir.resolve(".env"), "POSTGRES_PASSWORD=hunter2-never-shown\n");
        Path link = Files.createSymbolicLink(dir.resolve("extra-allowlist.txt"), env);
        for (Path p : java.util.List.of(env, link, Files.writeString(dir.resolve(".env.local"), "X=hunter2-never-shown\n"))) {
            SandboxException e = assertThrows(SandboxException.class, () -> Allowlist.parse(p));
            assertTrue(e.oneLine().contains("refusing to read a secret env file as the allowlist"), e.oneLine());
            assertFalse(e.oneLine().contains("hunter2"), e.oneLine());
        }
    }

    @Test
    void devZeroAsAllowlistIsOneClearLine() {
        assumeTrue(Files.exists(Path.of("/dev/zero")), "no /dev/zero on this machine");
        SandboxException e = assertThrows(SandboxException.class, () -> Allowlist.parse(Path.of("/dev/zero")));
        assertEquals("/dev/zero: the allowlist is not a regular file but a device, FIFO or socket (hint: an allowlist"
                + " is a text file of host names, addresses and blocks, one per line)", e.oneLine());
    }

    @Test
    void fifoAsAllowlistIsRefusedWithoutBlocking() throws Exception {
        Path fifo = dir.resolve("list.fifo");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo not available");
        SandboxException e = assertThrows(SandboxException.class, () -> Allowlist.parse(fifo));
        assertTrue(e.getMessage().startsWith("the allowlist is not a regular file"), e.getMessage());
    }

    @Test
    void folderAsAllowlistIsRefused() {
        SandboxException e = assertThrows(SandboxException.class, () -> Allowlist.parse(dir));
        assertEquals("the allowlist is not a regular file but a folder", e.getMessage());
    }

    @Test
    void allowlistLargerThanFourMebibytesIsRefusedUnread() throws Exception {
        Path big = dir.resolve("big.txt");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength((4L << 20) + 1);
        }
        SandboxException e = assertThrows(SandboxException.class, () -> Allowlist.parse(big));
        assertEquals("the allowlist is larger than 4 MiB", e.getMessage());
        assertEquals(big.toString(), e.where().orElseThrow());
    }

    @Test
    void lineLongerThanFourKibibytesNamesItsLine() throws Exception {
        Path list = dir.resolve("list.txt");
        Files.writeString(list, "api.test\n" + "a".repeat(4097) + "\n");
        SandboxException e = assertThrows(SandboxException.class, () -> Allowlist.parse(list));
        assertEquals(list + ":2", e.where().orElseThrow());
        assertEquals("line is longer than 4096 characters", e.getMessage());
    }

    @Test
    void invalidUtf8NamesItsLine() throws Exception {
        Path list = dir.resolve("list.txt");
        Files.write(list, new byte[] {'a', '.', 't', '\n', 'b', (byte) 0xff, '\n'});
        SandboxException e = assertThrows(SandboxException.class, () -> Allowlist.parse(list));
        assertEquals(list + ":2: the allowlist is not UTF-8 text (byte 0xff) (hint: save the file as UTF-8)", e.oneLine());
    }

    @Test
    void errorsEscapeControlCharacters() {
        List<AllowlistSyntaxException> errors = Allowlist.parseText("list.txt", "ok.test\n\u001b[31mbad\u0007host\n").errors();
        assertEquals(1, errors.size());
        assertEquals("list.txt:2:1: unexpected character '\\x1b' in '\\x1b[31mbad\\x07host' (hint: a host name has labels"
                + " of letters, digits and hyphens separated by dots)", errors.get(0).oneLine());
    }

    @Test
    void errorsCapALongExcerptButKeepTheColumn() {
        String line = "a".repeat(3000) + "_x";
        AllowlistSyntaxException e = Allowlist.parseText("list.txt", line + "\n").errors().get(0);
        assertEquals("list.txt:1:3001", e.where().orElseThrow());
        assertEquals("unexpected character '_' in '" + "a".repeat(64) + "…'", e.getMessage());
        assertEquals(line, e.text());
    }

    @Test
    void hostsFileSharesTheBounds() throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/zero")), "no /dev/zero on this machine");
        SandboxException e = assertThrows(SandboxException.class, () -> Resolver.hostsFile(Path.of("/dev/zero")));
        assertTrue(e.getMessage().startsWith("the hosts file is not a regular file"), e.getMessage());
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, "192.0.2.1 ok.test\n\u001b]0;x\u0007 name\n");
        SandboxException bad = assertThrows(SandboxException.class, () -> Resolver.hostsFile(hosts));
        assertEquals(hosts + ":2", bad.where().orElseThrow());
        assertFalse(bad.getMessage().chars().anyMatch(c -> c < 0x20), bad.getMessage());
    }

    @Test
    void feedFileThatIsNotRegularFailsTheCompile() throws Exception {
        Path feeds = Files.createDirectories(dir.resolve("feeds"));
        Files.createDirectory(feeds.resolve("github-meta.json"));
        SandboxException e = assertThrows(SandboxException.class, () -> Allowlist.parseText("list.txt", "@github-meta\n")
                .withFeeds(Feeds.fromDirectory(feeds)).compile());
        assertEquals("list.txt:1:1", e.where().orElseThrow());
        assertTrue(e.getMessage().endsWith("github-meta.json: the feed file is not a regular file but a folder"), e.getMessage());
    }
}
