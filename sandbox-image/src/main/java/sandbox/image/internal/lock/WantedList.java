package sandbox.image.internal.lock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import sandbox.api.SandboxException;

/**
 * A wanted-package list in {@code config/}: one package per line, {@code #} starts a
 * comment. Debian lines are package names; npm lines are {@code NAME} or {@code NAME@VERSION}.
 */
public final class WantedList {

    private static final Pattern DEBIAN = Pattern.compile("[a-z0-9][a-z0-9+.-]+");
    private static final Pattern NPM = Pattern.compile("(@[a-z0-9][a-z0-9._-]*/)?[a-z0-9][a-z0-9._-]*(@[0-9A-Za-z.+-]+)?");

    private WantedList() { }

    public static List<String> debian(Path file) throws SandboxException {
        return read(file, DEBIAN, "a Debian package name such as 'iptables'");
    }

    public static List<String> npm(Path file) throws SandboxException {
        return read(file, NPM, "NAME or NAME@VERSION, e.g. '@anthropic-ai/claude-code'");
    }

    private static List<String> read(Path file, Pattern pattern, String hint) throws SandboxException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new SandboxException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            int hash = l.indexOf('#');
            String entry = (hash >= 0 ? l.substring(0, hash) : l).strip();
            if (entry.isEmpty()) {
                continue;
            }
            if (!pattern.matcher(entry).matches()) {
                throw new SandboxException("not a package: '" + entry + "'", file + ":" + (i + 1) + ":"
                        + (l.indexOf(entry) + 1), "expected " + hint, null);
            }
            if (!out.contains(entry)) {
                out.add(entry);
            }
        }
        return List.copyOf(out);
    }
}
