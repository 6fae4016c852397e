package sandbox.image.internal.packages;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One entry of a layer tar. Paths are relative to the image root with no leading slash
 * ({@code usr/sbin/ip}); a file's bytes are either held ({@code data}) or staged on disk
 * ({@code staged}) when large.
 */
public record LayerEntry(String path, Type type, int mode, long uid, long gid, String linkTarget,
                         Optional<byte[]> data, Optional<Path> staged, long size) {

    public enum Type { DIRECTORY, FILE, SYMLINK, HARDLINK }

    public static LayerEntry directory(String path, int mode, long uid, long gid) {
        return new LayerEntry(path, Type.DIRECTORY, mode, uid, gid, "", Optional.empty(), Optional.empty(), 0);
    }

    public static LayerEntry file(String path, int mode, long uid, long gid, byte[] data) {
        return new LayerEntry(path, Type.FILE, mode, uid, gid, "", Optional.of(data), Optional.empty(), data.length);
    }

    public static LayerEntry stagedFile(String path, int mode, long uid, long gid, Path staged, long size) {
        return new LayerEntry(path, Type.FILE, mode, uid, gid, "", Optional.empty(), Optional.of(staged), size);
    }

    public static LayerEntry symlink(String path, String target) {
        return new LayerEntry(path, Type.SYMLINK, 0777, 0, 0, target, Optional.empty(), Optional.empty(), 0);
    }

    /** A hard link to {@code target}, another entry path of the same layer. */
    public static LayerEntry hardlink(String path, String target, int mode, long uid, long gid) {
        return new LayerEntry(path, Type.HARDLINK, mode, uid, gid, target, Optional.empty(), Optional.empty(), 0);
    }
}
