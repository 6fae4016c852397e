package sandbox.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import sandbox.api.SettingKeys;

/**
 * Warns about keys in {@code config/sandbox.properties} that no module reads, with
 * {@code file:line} and the nearest known key: {@code firewall.mod=permissive} would otherwise
 * silently mean strict. A warning, not an error: the exit code stays the command's.
 */
final class PropertiesCheck {

    private PropertiesCheck() {
    }

    /** One line per unknown key, in file order. */
    static List<String> warnings(Path file, String display, Set<String> known) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);   // java.util.Properties' own encoding
        } catch (IOException e) {
            return List.of();    // Settings.load reports an unreadable file
        }
        List<String> warnings = new ArrayList<>();
        boolean continued = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (continued) {             // the value of the line before goes on here
                continued = endsWithOddBackslashes(line);
                continue;
            }
            String text = line.stripLeading();
            if (text.isEmpty() || text.startsWith("#") || text.startsWith("!")) {
                continue;                // comments never continue
            }
            continued = endsWithOddBackslashes(line);
            String key = key(text);
            if (!key.isEmpty() && !known.contains(key)) {
                warnings.add(display + ":" + (i + 1) + ": warning: unknown setting '" + key + "' (hint: "
                        + Nearest.among(key, known).map(n -> "did you mean '" + n + "'?").orElse("nothing reads it")
                        + "; the known settings are the commented ones in config/sandbox.properties)");
            }
        }
        return warnings;
    }

    /** The key of a properties line: up to the first unescaped '=', ':' or white space. */
    private static String key(String text) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                key.append(text.charAt(++i));
            } else if (c == '=' || c == ':' || Character.isWhitespace(c)) {
                break;
            } else {
                key.append(c);
            }
        }
        return key.toString();
    }

    private static boolean endsWithOddBackslashes(String line) {
        int n = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }

    /** Every key the modules on the module path declare. */
    static Set<String> known() {
        Set<String> all = new HashSet<>();
        ServiceLoader.load(SettingKeys.class).forEach(p -> all.addAll(p.keys()));
        return all;
    }
}
