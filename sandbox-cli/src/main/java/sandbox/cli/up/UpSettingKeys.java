package sandbox.cli.up;

import java.util.HashSet;
import java.util.Set;
import sandbox.api.SettingKeys;

/** The settings up and its companions read (the commented config/sandbox.properties lists them). */
public final class UpSettingKeys implements SettingKeys {

    @Override
    public Set<String> keys() {
        Set<String> keys = new HashSet<>(UpRecord.KEYS);
        keys.addAll(Set.of("firewall.wait.seconds", "db.wait.seconds", "network.ipv6"));
        return Set.copyOf(keys);
    }
}
