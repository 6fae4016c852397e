package sandbox.firewall.internal.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import sandbox.api.SandboxException;

/**
 * The one reader for every file the firewall takes from a user (allowlists, the hosts file,
 * feed files): regular files only and bounded, so {@code /dev/zero}, a FIFO or a mistaken
 * multi-gigabyte file end in one clear line instead of a hang or an OutOfMemoryError.
 */
public final class InputFile {

    /** What the file is to the user, and the bounds no real file of that kind reaches. */
    public record Limits(String what, long maxBytes, int maxLineChars, String hint) {
        /** An allowlist: 4 MiB and 4 KiB per line (a host name is at most 253 characters). */
        public static final Limits ALLOWLIST = new Limits("allowlist", 4L << 20, 4096,
                "an allowlist is a text file of host names, addresses and blocks, one per line");
        /** A hosts(5) file, same bounds as an allowlist. */
        public static final Limits HOSTS = new Limits("hosts file", 4L << 20, 4096,
                "pass a hosts(5) text file (ADDRESS NAME [ALIAS...] per line) with --hosts");
        /** A publisher's JSON feed: one long line is normal; the real ones are a few MiB. */
        public static final Limits FEED = new Limits("feed file", 64L << 20, Integer.MAX_VALUE,
                "a feed file is the publisher's JSON document (github-meta.json, aws-ip-ranges.json)");
    }

    private InputFile() {
    }

    /**
     * The bytes of {@code file}; {@code display} is how messages name it.
     *
     * @throws NoSuchFileException when it does not exist (callers decide whether that is an error)
     * @throws SandboxException when it is not a regular file, too large or unreadable
     */
    public static byte[] readBytes(Path file, String display, Limits limits) throws SandboxException, NoSuchFileException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw unreadable(display, limits, e);
        }
        refuseSecretFile(file, display, limits);
        if (!attributes.isRegularFile()) {
            throw new SandboxException("the " + limits.what() + " is not a regular file but "
                    + (attributes.isDirectory() ? "a folder" : "a device, FIFO or socket"), display, limits.hint(), null);
        }
        if (attributes.size() > limits.maxBytes()) {
            throw tooLarge(display, limits);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            // The size can change between the check and the read: never take more than the bound.
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxBytes() + 1));
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw unreadable(display, limits, e);
        }
        if (bytes.length > limits.maxBytes()) {
            throw tooLarge(display, limits);
        }
        return bytes;
    }

    /**
     * A secret env file ({@code .env}, {@code .env.local}, …, also behind a link) is never read
     * as input: a parse error would echo a line of it, password and all.
     */
    private static void refuseSecretFile(Path file, String display, Limits limits) throws SandboxException {
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            real = file;
        }
        for (Path p : List.of(file, real)) {
            Path name = p.getFileName();
            if (name != null && (name.toString().equals(".env") || name.toString().startsWith(".env."))) {
                throw new SandboxException("refusing to read a secret env file as the " + limits.what()
                        + " (nothing of it is shown)", display, limits.hint(), null);
            }
        }
    }

    /** The file as UTF-8 text with every line within the bound; a missing file is an error here. */
    public static String readText(Path file, String display, Limits limits) throws SandboxException {
        byte[] bytes;
        try {
            bytes = readBytes(file, display, limits);
        } catch (NoSuchFileException e) {
            throw new SandboxException("the " + limits.what() + " does not exist", display,
                    "check the path", e);
        }
        String text = decode(bytes, display, limits);
        int line = 1;
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                length = 0;
            } else if (++length > limits.maxLineChars()) {
                throw new SandboxException("line is longer than " + limits.maxLineChars() + " characters",
                        display + ":" + line, "is this the right file? " + limits.hint(), null);
            }
        }
        return text;
    }

    private static String decode(byte[] bytes, String display, Limits limits) throws SandboxException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new SandboxException("the " + limits.what() + " is not UTF-8 text (byte 0x"
                    + String.format(Locale.ROOT, "%02x", bytes[at] & 0xff) + ")", display + ":" + line,
                    "save the file as UTF-8", null);
        }
        return out.flip().toString();
    }

    private static SandboxException tooLarge(String display, Limits limits) {
        return new SandboxException("the " + limits.what() + " is larger than " + (limits.maxBytes() >> 20) + " MiB",
                display, "is this the right file? " + limits.hint(), null);
    }

    private static SandboxException unreadable(String display, Limits limits, IOException e) {
        return new SandboxException("cannot read the " + limits.what() + ": " + e.getClass().getSimpleName(), display,
                "check that the file exists and is readable", e);
    }
}
