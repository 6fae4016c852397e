package sandbox.api;

import java.util.Set;

/**
 * The setting keys a module reads ({@code firewall.mode}, {@code image.base} …), contributed
 * with {@code provides sandbox.api.SettingKeys with …}. The CLI joins them to warn about a key
 * in {@code config/sandbox.properties} that nothing reads: a typo there would otherwise
 * silently mean the default.
 */
public interface SettingKeys {

    /** Exact keys, dotted lower case. */
    Set<String> keys();
}
