package sandbox.firewall.internal.service;

import java.util.Set;
import sandbox.api.SettingKeys;

/** The settings the firewall module reads (README, "Firewall"). */
public final class FirewallSettingKeys implements SettingKeys {

    @Override
    public Set<String> keys() {
        return Set.of("firewall.mode", "firewall.hosts", "firewall.feeds", "npm.registry", "pip.index");
    }
}
