package sandbox.image;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import sandbox.api.SandboxException;

/**
 * {@code config/sandbox.lock}: the base image and, per platform, every Debian and npm
 * package to install with its hash. It holds archive-relative paths only; the mirror and
 * registry come from the user's configuration at build time. The JSON is stable: sorted
 * keys, sorted lists, two-space indent, LF line ends, so a re-lock diffs cleanly in review.
 */
public record Lockfile(int lockVersion, LockedBase base, List<String> suites, SortedMap<String, PlatformLock> platforms) {

    public static final int VERSION = 1;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .defaultPrettyPrinter(new DefaultPrettyPrinter()
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n")))
            .build();

    public Lockfile {
        suites = List.copyOf(suites);
        platforms = new TreeMap<>(platforms);
    }

    public Optional<PlatformLock> platform(String architecture) {
        return Optional.ofNullable(platforms.get(architecture));
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("a lockfile always serializes", e);
        }
    }

    /** Any value of the lock as stable JSON (sorted keys), e.g. for cache keys. */
    public String toJsonOf(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("lock values always serialize", e);
        }
    }

    public static Lockfile parse(String json, String where) throws SandboxException {
        try {
            Lockfile lock = JSON.readValue(json, Lockfile.class);
            if (lock.lockVersion() != VERSION) {
                throw new SandboxException("lock format " + lock.lockVersion() + " is not supported (expected "
                        + VERSION + ")", where, "run 'sandbox lock' to regenerate it", null);
            }
            return lock;
        } catch (IOException e) {
            throw new SandboxException("not a valid lock file: " + e.getMessage().lines().findFirst().orElse(""),
                    where, "run 'sandbox lock' to regenerate it", e);
        }
    }

    public static Lockfile read(Path file) throws SandboxException {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (NoSuchFileException e) {
            throw new SandboxException("no lock file", file.toString(), "run 'sandbox lock' first", e);
        } catch (IOException e) {
            throw new SandboxException("cannot read lock file: " + e.getMessage(), file.toString(), null, e);
        }
    }

    /** Writes through a temp file in the same directory and an atomic move. */
    public void write(Path file) throws SandboxException {
        Path abs = file.toAbsolutePath();
        try {
            Files.createDirectories(abs.getParent());
            Path tmp = Files.createTempFile(abs.getParent(), ".sandbox.lock", ".tmp");
            try {
                Files.writeString(tmp, toJson(), StandardCharsets.UTF_8);
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new SandboxException("cannot write lock file: " + e.getMessage(), file.toString(), null, e);
        }
    }
}
