package sandbox.firewall.internal.index;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small readers shared by the npm and pip configuration lookups. */
final class ConfigFiles {

    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private ConfigFiles() {
    }

    static List<String> lines(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The host of a registry URL, lower case; empty when the text is not a URL with a host. */
    static Optional<String> host(String url) {
        try {
            String h = URI.create(url.trim()).getHost();
            return Optional.ofNullable(h).map(s -> s.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** npm expands {@code ${VAR}} in .npmrc values. */
    static String expand(String value, Map<String, String> env) {
        Matcher m = ENV_REF.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(env.getOrDefault(m.group(1), "")));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String unquote(String v) {
        String t = v.trim();
        if (t.length() >= 2 && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("'") && t.endsWith("'"))) {
            return t.substring(1, t.length() - 1);
        }
        return t;
    }

    static Optional<Path> home(Map<String, String> env) {
        return Optional.ofNullable(env.get("HOME")).filter(h -> !h.isBlank()).map(Path::of);
    }
}
