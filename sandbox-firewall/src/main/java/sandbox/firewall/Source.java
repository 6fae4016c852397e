package sandbox.firewall;

import java.nio.file.Path;

/**
 * Where an allowlist entry was written: the file (as the user sees it, relative to the
 * project when inside it), the 1-based line and the 1-based column.
 */
public record Source(Path file, int line, int column) {

    public Source {
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
        }
    }

    /** The same line, another column (for errors inside an entry). */
    public Source atColumn(int newColumn) {
        return new Source(file, line, newColumn);
    }

    /** {@code config/extra-allowlist.txt:7:1}. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
