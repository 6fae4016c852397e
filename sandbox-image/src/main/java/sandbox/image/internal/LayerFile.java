package sandbox.image.internal;

import com.google.common.hash.Hashing;

/** One entry of the sandbox layer: a file with its bytes, or a directory; mode and owner fixed. */
public record LayerFile(String path, boolean directory, int mode, String ownership, byte[] content) {

    public static LayerFile file(String path, int mode, String ownership, byte[] content) {
        return new LayerFile(path, false, mode, ownership, content.clone());
    }

    public static LayerFile directory(String path, int mode, String ownership) {
        return new LayerFile(path, true, mode, ownership, new byte[0]);
    }

    public String sha256() {
        return Hashing.sha256().hashBytes(content).toString();
    }

    /** {@code 0755 0:0 sha256:…} — what the plan hash and {@code image inspect} see. */
    public String describe() {
        return String.format("%s %04o %s%s", directory ? "dir" : "file", mode, ownership,
                directory ? "" : " sha256:" + sha256());
    }
}
