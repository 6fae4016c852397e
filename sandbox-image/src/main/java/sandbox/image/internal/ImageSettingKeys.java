package sandbox.image.internal;

import java.util.Set;
import sandbox.api.SettingKeys;

/** The settings the image module reads: the plan, the build target and the package locations. */
public final class ImageSettingKeys implements SettingKeys {

    @Override
    public Set<String> keys() {
        return Set.of("image.base", "image.format", "image.source", "image.revision", "image.target", "image.sudo",
                "image.insecure", "image.platforms", "cache.dir", "tz", "firewall.mode", "npm.registry",
                "debian.mirror", "debian.security.mirror", "debian.keyring", "debian.suites");
    }
}
