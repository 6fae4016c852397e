package sandbox.image.internal.packages;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import sandbox.api.SandboxException;

/**
 * Collects the entries of one layer and writes them as a reproducible, uncompressed tar:
 * entries sorted by path (hard links after everything else, so their targets come first),
 * one fixed mtime, numeric owners without names, PAX headers for long names.
 * Missing parent directories are added as {@code 0755 root:root}.
 */
public final class LayerTar {

    /** Jib's fixed layer timestamp, so our layers look like the rest of the image. */
    static final Instant MTIME = Instant.ofEpochSecond(1);

    private final SortedMap<String, LayerEntry> entries = new TreeMap<>();
    private final Consumer<String> notes;

    public LayerTar(Consumer<String> notes) {
        this.notes = notes;
    }

    /** Adds an entry; a directory never replaces anything, anything else replaces what was there. */
    public void add(LayerEntry e) {
        if (e.path().isEmpty()) {
            return;
        }
        LayerEntry old = entries.get(e.path());
        if (old != null && e.type() == LayerEntry.Type.DIRECTORY) {
            return;
        }
        if (old != null && old.type() != LayerEntry.Type.DIRECTORY) {
            notes.accept("note: " + e.path() + " is shipped twice; the later package wins");
        }
        entries.put(e.path(), e);
    }

    /** Replaces an entry on purpose (an emulated install step), without a note. */
    public void replace(LayerEntry e) {
        entries.put(e.path(), e);
    }

    /** A copy of the entry at {@code path} with a new mode, when there is one. */
    public void chmod(String path, int mode) {
        LayerEntry f = entries.get(path);
        if (f != null) {
            entries.put(path, new LayerEntry(f.path(), f.type(), mode, f.uid(), f.gid(), f.linkTarget(), f.data(),
                    f.staged(), f.size()));
        }
    }

    public boolean contains(String path) {
        return entries.containsKey(path);
    }

    public java.util.Optional<LayerEntry> get(String path) {
        return java.util.Optional.ofNullable(entries.get(path));
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** A regular file entry (commons-compress' {@code isFile()} is also true for links and devices). */
    public static boolean isRegularFile(TarArchiveEntry e) {
        byte flag = e.getLinkFlag();
        return (flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM || flag == TarConstants.LF_CONTIG)
                && !e.getName().endsWith("/");
    }

    /** Writes the layer to {@code target} atomically. */
    public void writeTo(Path target) throws SandboxException {
        addParents();
        List<LayerEntry> ordered = new ArrayList<>();
        List<LayerEntry> links = new ArrayList<>();
        for (LayerEntry e : entries.values()) {
            (e.type() == LayerEntry.Type.HARDLINK ? links : ordered).add(e);
        }
        ordered.addAll(links);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            for (LayerEntry e : ordered) {
                write(tar, e);
            }
            tar.finish();
        } catch (IOException e) {
            throw new SandboxException("cannot write layer " + target + ": " + e.getMessage(), e);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SandboxException("cannot move layer into place at " + target + ": " + e.getMessage(), e);
        }
    }

    private void addParents() {
        Map<String, LayerEntry> parents = new TreeMap<>();
        for (String path : entries.keySet()) {
            for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
                String parent = path.substring(0, i);
                if (!entries.containsKey(parent)) {
                    parents.put(parent, LayerEntry.directory(parent, 0755, 0, 0));
                }
            }
        }
        entries.putAll(parents);
    }

    private static void write(TarArchiveOutputStream tar, LayerEntry e) throws IOException {
        TarArchiveEntry t = switch (e.type()) {
            case DIRECTORY -> new TarArchiveEntry(e.path() + "/", TarConstants.LF_DIR);
            case FILE -> new TarArchiveEntry(e.path(), TarConstants.LF_NORMAL);
            case SYMLINK -> new TarArchiveEntry(e.path(), TarConstants.LF_SYMLINK);
            case HARDLINK -> new TarArchiveEntry(e.path(), TarConstants.LF_LINK);
        };
        int typeBits = switch (e.type()) {
            case DIRECTORY -> 0040000;
            case SYMLINK -> 0120000;
            default -> 0100000;
        };
        t.setMode(typeBits | (e.mode() & 07777));
        t.setUserId(e.uid());
        t.setGroupId(e.gid());
        t.setUserName("");
        t.setGroupName("");
        t.setModTime(MTIME.toEpochMilli());
        if (e.type() == LayerEntry.Type.SYMLINK || e.type() == LayerEntry.Type.HARDLINK) {
            t.setLinkName(e.linkTarget());
        }
        if (e.type() == LayerEntry.Type.FILE) {
            t.setSize(e.size());
        }
        tar.putArchiveEntry(t);
        if (e.data().isPresent()) {
            tar.write(e.data().get());
        } else if (e.staged().isPresent()) {
            try (InputStream in = Files.newInputStream(e.staged().get())) {
                in.transferTo(tar);
            }
        }
        tar.closeArchiveEntry();
    }
}
