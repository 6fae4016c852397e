package sandbox.cli.up;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The non-secret connection keys of the secret env file (host, port, user, database) for
 * the network alias and the summary. Reads only the keys asked for, and refuses to be
 * asked for a secret one.
 */
final class EnvKeys {

    static final Set<String> PUBLIC = Set.of("PGHOST", "PGPORT", "PGUSER", "PGDATABASE");

    private EnvKeys() {
    }

    static Map<String, String> read(Path envFile) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(envFile)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(envFile, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String key = line.substring(0, eq).strip();
                if (PUBLIC.contains(key)) {
                    out.put(key, unquote(line.substring(eq + 1).strip()));
                }
            }
        } catch (IOException e) {
            // The summary then shows defaults; ensure() has already vetted the file.
        }
        return out;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
