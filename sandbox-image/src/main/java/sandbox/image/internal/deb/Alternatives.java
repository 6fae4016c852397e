package sandbox.image.internal.deb;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import sandbox.image.internal.packages.LayerEntry;
import sandbox.image.internal.packages.LayerTar;

/**
 * The {@code update-alternatives} calls of maintainer scripts we emulate, because the
 * tools the sandbox runs are reached only through them ({@code iptables} →
 * {@code /etc/alternatives/iptables} → {@code iptables-nft} → {@code xtables-nft-multi}).
 * We write what {@code update-alternatives --install} leaves behind in auto mode: the
 * links, the {@code /etc/alternatives} links to the highest priority, and the
 * administrative file, so a later {@code update-alternatives --config} still works.
 */
public final class Alternatives {

    /** One {@code --install LINK NAME PATH PRIORITY} choice with its {@code --slave} paths. */
    record Choice(String path, int priority, List<String> slavePaths) { }

    /** A link group: master link, slave names and links, and its choices (highest priority first). */
    record Group(String name, String link, List<String> slaveNames, List<String> slaveLinks, List<Choice> choices) { }

    /** Package → the groups its postinst installs (bookworm's iptables 1.8.9 postinst, verbatim). */
    private static final Map<String, List<Group>> BY_PACKAGE = Map.of("iptables", List.of(
            xtables("iptables", true), xtables("ip6tables", true), xtables("arptables", false),
            xtables("ebtables", false)));

    private Alternatives() { }

    private static Group xtables(String name, boolean legacyToo) {
        String sbin = "/usr/sbin/";
        Choice nft = new Choice(sbin + name + "-nft", 20,
                List.of(sbin + name + "-nft-restore", sbin + name + "-nft-save"));
        Choice legacy = new Choice(sbin + name + "-legacy", 10,
                List.of(sbin + name + "-legacy-restore", sbin + name + "-legacy-save"));
        return new Group(name, sbin + name, List.of(name + "-restore", name + "-save"),
                List.of(sbin + name + "-restore", sbin + name + "-save"),
                legacyToo ? List.of(nft, legacy) : List.of(nft));
    }

    /** Adds the links and admin files for {@code pkg}'s alternatives to the layer. */
    static void install(String pkg, LayerTar layer) {
        for (Group g : BY_PACKAGE.getOrDefault(pkg, List.of())) {
            Choice best = g.choices().get(0);
            link(layer, g.link(), g.name(), best.path());
            for (int i = 0; i < g.slaveNames().size(); i++) {
                link(layer, g.slaveLinks().get(i), g.slaveNames().get(i), best.slavePaths().get(i));
            }
            layer.add(LayerEntry.file("var/lib/dpkg/alternatives/" + g.name(), 0644, 0, 0,
                    adminFile(g).getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static void link(LayerTar layer, String link, String name, String path) {
        layer.add(LayerEntry.symlink(link.substring(1), "/etc/alternatives/" + name));
        layer.add(LayerEntry.symlink("etc/alternatives/" + name, path));
    }

    /** The format update-alternatives reads back from {@code /var/lib/dpkg/alternatives/NAME}. */
    static String adminFile(Group g) {
        StringBuilder s = new StringBuilder("auto\n").append(g.link()).append('\n');
        for (int i = 0; i < g.slaveNames().size(); i++) {
            s.append(g.slaveNames().get(i)).append('\n').append(g.slaveLinks().get(i)).append('\n');
        }
        s.append('\n');
        List<Choice> sorted = g.choices().stream().sorted(java.util.Comparator.comparing(Choice::path)).toList();
        for (Choice c : sorted) {
            s.append(c.path()).append('\n').append(c.priority()).append('\n');
            for (String p : c.slavePaths()) {
                s.append(p).append('\n');
            }
        }
        return s.append('\n').toString();
    }
}
