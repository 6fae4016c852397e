package sandbox.cli.up;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sandbox.api.SandboxException;

/**
 * The non-secret connection keys of the secret env file (host, port, user, database) for
 * the network alias and the summary, and the check that the runtime can read the file.
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

    /**
     * The agent and the database get the file through {@code run --env-file}, which takes
     * {@code KEY=VALUE} lines literally: no {@code export}, no spaces in the key, quotes kept
     * as part of the value. A line it would refuse stops {@code up} before anything changes
     * (the runtime's own error names no line); a quoted value is only a warning. Messages name
     * the key, never a value.
     */
    static List<String> checkForRunEnvFile(Path envFile, String shown) throws SandboxException {
        List<String> warnings = new ArrayList<>();
        if (!Files.isRegularFile(envFile)) {
            return warnings;
        }
        List<String> lines;
        try {
            // Split as the runtime does: at '\n', one '\r' before it dropped; a lone '\r' stays in the line.
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(envFile))).toString();
            lines = java.util.Arrays.stream(text.split("\n", -1))
                    .map(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l).toList();
        } catch (IOException e) {
            throw new SandboxException("cannot read " + shown + ": " + e.getClass().getSimpleName(), shown,
                    "it must be UTF-8 text ('sandbox secrets check')", null);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? line : line.substring(0, eq);
            if (key.isEmpty() || !key.chars().allMatch(c -> c > ' ' && c < 127)) {
                String shownKey = key.length() > 40 ? key.substring(0, 40) + "…" : key;
                throw new SandboxException("'" + shownKey.replaceAll("[^\\x21-\\x7e ]", "?")
                        + "' is not a variable name 'run --env-file' accepts", shown + ":" + (i + 1),
                        "write KEY=VALUE: no 'export', no spaces around '='", null);
            }
            String value = eq < 0 ? "" : line.substring(eq + 1);
            if (value.chars().anyMatch(c -> c < ' ' && c != '\t' || c == 127)) {
                throw new SandboxException("the value of " + key + " holds a control character (NUL, CR, …) that"
                        + " 'run --env-file' cannot pass", shown + ":" + (i + 1), "rewrite it on one plain line", null);
            }
            if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))) {
                warnings.add(shown + ":" + (i + 1) + ": the value of " + key
                        + " starts with a quote, which 'run --env-file' keeps as part of the value");
            }
        }
        return warnings;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
