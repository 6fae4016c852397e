package sandbox.secrets.internal;

import java.util.Set;
import sandbox.api.SettingKeys;

/** The settings the secrets module reads: the sidecar's database and its container's name. */
public final class SecretSettingKeys implements SettingKeys {

    @Override
    public Set<String> keys() {
        return Set.of(DatabaseSettings.CONTAINER, "db.user", "db.name", "db.port", "container.prefix");
    }
}
