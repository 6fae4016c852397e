package sandbox.image.internal.npm;

import java.util.Set;
import java.util.function.Consumer;
import sandbox.image.internal.packages.LayerEntry;
import sandbox.image.internal.packages.LayerTar;

/**
 * What {@code @anthropic-ai/claude-code}'s {@code install.cjs} does, without Node: it
 * hard-links the platform package's native {@code claude} over the {@code bin/claude.exe}
 * placeholder (which the {@code claude} bin link points at) and makes it 0755. A hard
 * link in the layer keeps the ~200 MB binary stored once.
 */
final class ClaudeCodePostinstall {

    static final String STUB = "@anthropic-ai/claude-code";
    /** The glibc x64 build; the -musl one is for Alpine. */
    static final String PLATFORM = STUB + "-linux-x64";

    private ClaudeCodePostinstall() { }

    static void apply(Set<String> installed, LayerTar layer, Consumer<String> progress) {
        if (!installed.contains(STUB)) {
            return;
        }
        String nativeBinary = NpmLayer.PREFIX + PLATFORM + "/claude";
        if (!installed.contains(PLATFORM) || !layer.contains(nativeBinary)) {
            progress.accept("note: " + STUB + " is locked without " + PLATFORM + "; 'claude' will only print "
                    + "the placeholder's message");
            return;
        }
        layer.chmod(nativeBinary, 0755);
        layer.replace(LayerEntry.hardlink(NpmLayer.PREFIX + STUB + "/bin/claude.exe", nativeBinary, 0755, 0, 0));
        progress.accept("emulated " + STUB + " postinstall: bin/claude.exe -> " + PLATFORM + "/claude");
    }
}
