package sandbox.image.internal.deb;

import java.util.Map;
import java.util.Set;
import sandbox.image.internal.packages.LayerTar;

/**
 * The maintainer-script effects we reproduce, because the sandbox needs them; every other
 * script is not run (README, "Locked packages", lists each one and why that is safe).
 */
public final class Postinst {

    /** Package → what its postinst does that matters, in words for the build log. */
    private static final Map<String, String> EMULATED = Map.of(
            "iptables", "update-alternatives for iptables/ip6tables/arptables/ebtables (nft)",
            "sudo", "chmod 0440 /etc/sudoers");

    private Postinst() { }

    public static Set<String> emulated() {
        return EMULATED.keySet();
    }

    /** Applies {@code pkg}'s emulated effects; returns a log line, or empty when there is none. */
    public static java.util.Optional<String> apply(String pkg, LayerTar layer) {
        switch (pkg) {
            case "iptables" -> Alternatives.install(pkg, layer);
            case "sudo" -> layer.chmod("etc/sudoers", 0440);
            default -> {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.of("emulated " + pkg + " postinst: " + EMULATED.get(pkg));
    }
}
