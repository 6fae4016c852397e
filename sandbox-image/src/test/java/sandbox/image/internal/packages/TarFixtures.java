package sandbox.image.internal.packages;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** Builds small tars, tgz and .deb files for tests, and reads layers back. */
public final class TarFixtures {

    /** One tar entry to write: type 'f' file, 'd' dir, 'l' symlink, 'h' hard link. */
    public record E(String name, char type, int mode, String content) { }

    private TarFixtures() { }

    public static byte[] tar(List<E> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (E e : entries) {
                TarArchiveEntry t = switch (e.type()) {
                    case 'd' -> new TarArchiveEntry(e.name(), TarConstants.LF_DIR);
                    case 'l' -> new TarArchiveEntry(e.name(), TarConstants.LF_SYMLINK);
                    case 'h' -> new TarArchiveEntry(e.name(), TarConstants.LF_LINK);
                    default -> new TarArchiveEntry(e.name(), TarConstants.LF_NORMAL);
                };
                t.setMode(e.mode());
                if (e.type() == 'l' || e.type() == 'h') {
                    t.setLinkName(e.content());
                }
                byte[] data = e.type() == 'f' ? e.content().getBytes(StandardCharsets.UTF_8) : new byte[0];
                t.setSize(data.length);
                tar.putArchiveEntry(t);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    public static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    public static byte[] xz(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XZOutputStream xz = new XZOutputStream(out, new LZMA2Options())) {
            xz.write(data);
        }
        return out.toByteArray();
    }

    /** A .deb with a control.tar.gz ({@code control} and extra files) and a data.tar.xz. */
    public static Path deb(Path file, String control, List<E> controlExtras, List<E> data) throws IOException {
        List<E> ctl = new ArrayList<>();
        ctl.add(new E("./control", 'f', 0644, control));
        ctl.addAll(controlExtras);
        try (OutputStream os = Files.newOutputStream(file); ArArchiveOutputStream ar = new ArArchiveOutputStream(os)) {
            member(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
            member(ar, "control.tar.gz", gzip(tar(ctl)));
            member(ar, "data.tar.xz", xz(tar(data)));
        }
        return file;
    }

    private static void member(ArArchiveOutputStream ar, String name, byte[] data) throws IOException {
        ar.putArchiveEntry(new ArArchiveEntry(name, data.length));
        ar.write(data);
        ar.closeArchiveEntry();
    }

    /** name → entry of a layer tar, with contents of regular files. */
    public static java.util.Map<String, Read> read(Path tar) throws IOException {
        java.util.Map<String, Read> out = new java.util.LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream t = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = t.getNextEntry(); e != null; e = t.getNextEntry()) {
                out.put(e.getName(), new Read(e, new String(t.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    public record Read(TarArchiveEntry entry, String content) { }
}
