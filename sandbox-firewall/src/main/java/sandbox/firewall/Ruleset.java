package sandbox.firewall;

import inet.ipaddr.IPAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sandbox.firewall.internal.render.FilterTable;
import sandbox.firewall.internal.render.Folder;
import sandbox.firewall.internal.render.SetScript;

/**
 * A rendered firewall folder: {@code mode}, {@code ipset.restore}, {@code rules.v4},
 * {@code rules.v6} and a copy of {@code apply}, plus extras such as {@code manifest.json}.
 * Immutable; {@link #writeTo(Path)} puts it on disk atomically.
 */
public final class Ruleset {

    /** The files {@link #hash()} covers, in the order apply hashes them. */
    public static final List<String> RULE_FILES = List.of("mode", "ipset.restore", "rules.v4", "rules.v6");
    public static final String APPLY = "apply";

    private final Mode mode;
    private final int v4Blocks;
    private final int v6Blocks;
    private final Map<String, byte[]> files;

    private Ruleset(Mode mode, int v4Blocks, int v6Blocks, Map<String, byte[]> files) {
        this.mode = mode;
        this.v4Blocks = v4Blocks;
        this.v6Blocks = v6Blocks;
        this.files = Collections.unmodifiableMap(files);
    }

    /**
     * @param v4 the minimal IPv4 prefix blocks (already merged by the caller)
     * @param v6 the minimal IPv6 prefix blocks
     * @throws IllegalArgumentException for a wrong family, a range that is not one prefix
     *     block, or a {@code /0} (a {@code hash:net} set cannot hold it)
     */
    public static Ruleset render(Mode mode, List<IPAddress> v4, List<IPAddress> v6) {
        List<IPAddress> blocks4 = blocks(v4, true);
        List<IPAddress> blocks6 = blocks(v6, false);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("mode", (mode.text() + "\n").getBytes(StandardCharsets.UTF_8));
        files.put("ipset.restore", SetScript.render(blocks4, blocks6).getBytes(StandardCharsets.UTF_8));
        files.put("rules.v4", FilterTable.render(mode, false).getBytes(StandardCharsets.UTF_8));
        files.put("rules.v6", FilterTable.render(mode, true).getBytes(StandardCharsets.UTF_8));
        files.put(APPLY, applyScript().getBytes(StandardCharsets.UTF_8));
        return new Ruleset(mode, blocks4.size(), blocks6.size(), files);
    }

    /** This ruleset with one more file (not a rule file), e.g. {@code manifest.json}. */
    public Ruleset withFile(String name, byte[] content) {
        if (RULE_FILES.contains(name) || name.equals(APPLY) || name.isEmpty() || name.contains("/")
                || name.startsWith(".")) {
            throw new IllegalArgumentException("'" + name + "' is not a valid extra file name");
        }
        Map<String, byte[]> copy = new LinkedHashMap<>(files);
        copy.put(name, content.clone());
        return new Ruleset(mode, v4Blocks, v6Blocks, copy);
    }

    /** Every file by name, in write order; the arrays are copies. */
    public Map<String, byte[]> files() {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        files.forEach((name, bytes) -> copy.put(name, bytes.clone()));
        return Collections.unmodifiableMap(copy);
    }

    /** sha256 hex over the rule files, equal to the {@code hash=} apply records after applying them. */
    public String hash() {
        return Folder.hash(files, RULE_FILES);
    }

    public Mode mode() {
        return mode;
    }

    public int v4Blocks() {
        return v4Blocks;
    }

    public int v6Blocks() {
        return v6Blocks;
    }

    /** Writes the folder into a new directory beside {@code dir}, then swaps it into place. */
    public void writeTo(Path dir) throws IOException {
        Folder.write(dir, files, APPLY);
    }

    /** The POSIX sh apply script, the only apply implementation (the image ships it too). */
    public static String applyScript() {
        try (InputStream in = Ruleset.class.getResourceAsStream("apply.sh")) {
            if (in == null) {
                throw new IllegalStateException("apply.sh is missing from the sandbox.firewall module");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<IPAddress> blocks(List<IPAddress> addresses, boolean v4) {
        List<IPAddress> out = new ArrayList<>(addresses.size());
        for (IPAddress address : addresses) {
            if (address.isIPv4() != v4) {
                throw new IllegalArgumentException(address + " is not an IPv" + (v4 ? "4" : "6") + " block");
            }
            // The compiler hands over prefix blocks already; only bare addresses need a prefix.
            IPAddress block = address.isPrefixed() && address.isPrefixBlock() ? address : address.assignPrefixForSingleBlock();
            if (block == null) {
                throw new IllegalArgumentException(address + " is not a single prefix block");
            }
            if (block.getNetworkPrefixLength() == 0) {
                throw new IllegalArgumentException(address + ": an ipset hash:net cannot hold a /0; use permissive mode");
            }
            out.add(block);
        }
        return List.copyOf(out);
    }
}
