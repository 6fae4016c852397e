package sandbox.image.internal.deb;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;
import sandbox.api.SandboxException;
import sandbox.image.internal.packages.LayerTar;

/**
 * Reads a {@code .deb}: an ar archive of {@code debian-binary}, {@code control.tar.*} and
 * {@code data.tar.*}. The control part is kept in memory (it is small); the data part is
 * streamed to a visitor entry by entry.
 */
public final class DebArchive {

    /** The package's metadata: {@code control}, {@code md5sums}, {@code conffiles}, maintainer script names. */
    public record Control(Stanza control, String md5sums, List<String> conffiles, Map<String, String> scripts) { }

    @FunctionalInterface
    public interface DataVisitor {
        /** {@code in} holds the entry's bytes for regular files; do not close it. */
        void visit(TarArchiveEntry entry, InputStream in) throws IOException, SandboxException;
    }

    private static final List<String> SCRIPTS = List.of("preinst", "postinst", "prerm", "postrm", "config", "triggers");

    private DebArchive() { }

    public static Control read(Path deb, DataVisitor data) throws SandboxException {
        String where = deb.getFileName().toString();
        Control control = null;
        boolean sawData = false;
        try (ArArchiveInputStream ar = new ArArchiveInputStream(new BufferedInputStream(Files.newInputStream(deb)))) {
            for (ArArchiveEntry e = ar.getNextEntry(); e != null; e = ar.getNextEntry()) {
                String name = e.getName();
                if (name.startsWith("control.tar")) {
                    control = readControl(tar(name, ar, where), where);
                } else if (name.startsWith("data.tar")) {
                    sawData = true;
                    TarArchiveInputStream t = tar(name, ar, where);
                    for (TarArchiveEntry te = t.getNextEntry(); te != null; te = t.getNextEntry()) {
                        data.visit(te, t);
                    }
                }
            }
        } catch (IOException e) {
            throw new SandboxException("cannot read package " + where + ": " + e.getMessage(), null,
                    "the cached file may be damaged; delete it from the cache", e);
        }
        if (control == null || !sawData) {
            throw new SandboxException("not a Debian package (no control.tar or data.tar member)", where, null, null);
        }
        return control;
    }

    private static TarArchiveInputStream tar(String member, InputStream ar, String where)
            throws IOException, SandboxException {
        InputStream raw = new FilterInputStream(ar) {
            @Override
            public void close() {
                // the ar stream outlives its member
            }
        };
        InputStream in;
        if (member.endsWith(".xz")) {
            in = new XZInputStream(raw);
        } else if (member.endsWith(".gz")) {
            in = new GZIPInputStream(raw, 1 << 16);
        } else if (member.endsWith(".tar")) {
            in = raw;
        } else {
            // Bookworm's own packages use xz; zstd would need a native library (zstd-jni).
            throw new SandboxException("unsupported member compression '" + member + "'", where,
                    "only .tar, .tar.xz and .tar.gz members are supported", null);
        }
        return new TarArchiveInputStream(new BufferedInputStream(in, 1 << 16));
    }

    private static Control readControl(TarArchiveInputStream t, String where) throws IOException, SandboxException {
        Map<String, String> files = new TreeMap<>();
        for (TarArchiveEntry e = t.getNextEntry(); e != null; e = t.getNextEntry()) {
            if (LayerTar.isRegularFile(e)) {
                files.put(MergedUsr.canonical(e.getName()), new String(t.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        String controlText = Optional.ofNullable(files.get("control")).orElseThrow(() ->
                new SandboxException("package has no control file", where, null, null));
        List<Stanza> stanzas = ControlFile.parse(controlText, where + ":control");
        if (stanzas.size() != 1) {
            throw new SandboxException("control file has " + stanzas.size() + " paragraphs", where, null, null);
        }
        List<String> conffiles = new ArrayList<>();
        for (String line : files.getOrDefault("conffiles", "").split("\n")) {
            if (!line.isBlank()) {
                conffiles.add(line.strip());
            }
        }
        Map<String, String> scripts = new TreeMap<>();
        for (String s : SCRIPTS) {
            if (files.containsKey(s)) {
                scripts.put(s, files.get(s));
            }
        }
        return new Control(stanzas.get(0), files.getOrDefault("md5sums", ""), conffiles, scripts);
    }
}
