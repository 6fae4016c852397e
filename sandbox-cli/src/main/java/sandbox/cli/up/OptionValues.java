package sandbox.cli.up;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import sandbox.api.Settings;
import sandbox.api.UsageException;
import sandbox.cli.Nearest;

/**
 * Checks of the settings {@code up} hands to the runtime, made while resolving them: a typo
 * must fail (exit 2) before any container is removed or recreated, not half-way through.
 */
final class OptionValues {

    /** capabilities(7) names, as Docker and Podman take them (the {@code CAP_} prefix optional), and ALL. */
    static final List<String> CAPABILITIES = List.of("AUDIT_CONTROL", "AUDIT_READ", "AUDIT_WRITE", "BLOCK_SUSPEND", "BPF",
            "CHECKPOINT_RESTORE", "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "IPC_LOCK", "IPC_OWNER",
            "KILL", "LEASE", "LINUX_IMMUTABLE", "MAC_ADMIN", "MAC_OVERRIDE", "MKNOD", "NET_ADMIN", "NET_BIND_SERVICE",
            "NET_BROADCAST", "NET_RAW", "PERFMON", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_ADMIN", "SYS_BOOT",
            "SYS_CHROOT", "SYS_MODULE", "SYS_NICE", "SYS_PACCT", "SYS_PTRACE", "SYS_RAWIO", "SYS_RESOURCE", "SYS_TIME",
            "SYS_TTY_CONFIG", "SYSLOG", "WAKE_ALARM", "ALL");
    static final List<String> RESTART_POLICIES = List.of("no", "always", "unless-stopped", "on-failure");
    private static final Set<String> TRUE = Set.of("true", "yes", "1");
    private static final Set<String> FALSE = Set.of("false", "no", "0");

    private OptionValues() {
    }

    static List<String> capabilities(Settings s, String key, List<String> fallback) throws UsageException {
        if (s.get(key).isEmpty()) {
            return fallback;
        }
        List<String> given = s.list(key);
        for (String c : given) {
            String name = c.toUpperCase(Locale.ROOT);
            name = name.startsWith("CAP_") ? name.substring(4) : name;
            if (!CAPABILITIES.contains(name)) {
                throw new UsageException(where(s, key) + ": unknown capability '" + c + "'",
                        Nearest.among(name, CAPABILITIES).map(n -> "did you mean " + n + "? ").orElse("")
                                + "names as in capabilities(7), e.g. NET_ADMIN,NET_RAW");
            }
        }
        return given;
    }

    static String restartPolicy(Settings s, String key, String fallback) throws UsageException {
        String v = s.get(key, fallback).trim();
        if (!RESTART_POLICIES.contains(v) && !v.matches("on-failure:[1-9][0-9]{0,5}")) {
            throw new UsageException(where(s, key) + ": unknown restart policy '" + v + "'",
                    Nearest.among(v, RESTART_POLICIES).map(n -> "did you mean " + n + "? ").orElse("")
                            + "one of no, always, unless-stopped, on-failure[:N]");
        }
        return v;
    }

    static void runtime(Settings s, String key) throws UsageException {
        String v = s.get(key, "").trim();
        if (!v.isEmpty() && !v.equals("docker") && !v.equals("podman")) {
            throw new UsageException(where(s, key) + ": unknown container runtime '" + v + "'", "docker or podman");
        }
    }

    /** A yes/no setting; anything else is a typo, not a silent {@code false}. */
    static boolean flag(Settings s, String key, boolean fallback) throws UsageException {
        if (s.get(key).isEmpty() || s.get(key).get().isBlank()) {
            return fallback;
        }
        String v = s.get(key).get().trim().toLowerCase(Locale.ROOT);
        if (TRUE.contains(v)) {
            return true;
        }
        if (FALSE.contains(v)) {
            return false;
        }
        throw new UsageException(where(s, key) + ": '" + s.get(key).get().trim() + "' is neither true nor false",
                "write true or false");
    }

    /** How the user set it: {@code --flag} for flags, the setting (and where it lives) otherwise. */
    private static String where(Settings s, String key) {
        return switch (s.origin(key).orElse(Settings.Origin.PROPERTIES)) {
            case FLAG -> "option for setting " + key;
            case ENVIRONMENT -> "setting " + key + " (from the environment)";
            case PROPERTIES -> "setting " + key + " (config/sandbox.properties)";
        };
    }
}
