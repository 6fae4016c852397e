package sandbox.firewall;

import java.util.Locale;
import sandbox.api.UsageException;

/** How egress is filtered: strict (default-deny) or permissive (open, loudly). */
public enum Mode {
    STRICT, PERMISSIVE;

    public static Mode parse(String text) throws UsageException {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "strict" -> STRICT;
            case "permissive" -> PERMISSIVE;
            default -> throw new UsageException("unknown firewall mode '" + text + "'", "use strict or permissive");
        };
    }

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
