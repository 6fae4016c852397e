package sandbox.image.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import sandbox.image.ImageUser;
import sandbox.image.internal.packages.BaseFiles;

/**
 * The sandbox user in the image's own account files: the base's {@code /etc/passwd},
 * {@code group}, {@code shadow} and {@code gshadow} with one line each added. Without it the
 * user exists only once {@code sandbox-init} has run, and a {@code docker exec -u claude}
 * racing the start (VS Code's and the devcontainer CLI's first step) fails. Nothing is added
 * when the base already has the name or the uid: {@code sandbox-init} handles those at start.
 */
public final class AccountsLayer {

    static final String PASSWD = "etc/passwd";
    static final String GROUP = "etc/group";
    static final String SHADOW = "etc/shadow";
    static final String GSHADOW = "etc/gshadow";
    static final String BASH = "usr/bin/bash";
    static final String OLD_BASH = "bin/bash";

    /** What to read from the base. */
    public static final Set<String> PATHS = Set.of(PASSWD, GROUP, SHADOW, GSHADOW, BASH, OLD_BASH);

    private AccountsLayer() {
    }

    /** The files to add (empty when the base's accounts cannot or need not be extended). */
    public static List<LayerFile> files(Map<String, BaseFiles.Entry> base, ImageUser user) {
        BaseFiles.Entry passwd = base.get(PASSWD);
        BaseFiles.Entry group = base.get(GROUP);
        if (passwd == null || group == null) {
            return List.of();
        }
        List<String[]> users = fields(passwd);
        if (users.stream().anyMatch(u -> u[0].equals(user.name()) || field(u, 2).equals(Integer.toString(user.uid())))) {
            return List.of();
        }
        List<String[]> groups = fields(group);
        boolean gidTaken = groups.stream().anyMatch(g -> field(g, 2).equals(Integer.toString(user.gid())));
        boolean nameTaken = groups.stream().anyMatch(g -> g[0].equals(user.name()));
        if (nameTaken && !gidTaken) {
            return List.of(); // a group of that name with another gid: leave it to sandbox-init
        }
        String shell = base.containsKey(BASH) || base.containsKey(OLD_BASH) ? "/bin/bash" : "/bin/sh";
        List<LayerFile> out = new ArrayList<>();
        out.add(extended(PASSWD, passwd, user.name() + ":x:" + user.uid() + ":" + user.gid() + "::" + user.home()
                + ":" + shell));
        if (!gidTaken) {
            out.add(extended(GROUP, group, user.name() + ":x:" + user.gid() + ":"));
            Optional.ofNullable(base.get(GSHADOW)).ifPresent(g -> out.add(extended(GSHADOW, g, user.name() + ":!::")));
        }
        // '!': no password can log in (sudo is NOPASSWD or absent); the empty change date
        // turns password ageing off instead of forcing a change.
        Optional.ofNullable(base.get(SHADOW)).ifPresent(s -> out.add(extended(SHADOW, s, user.name()
                + ":!::0:99999:7:::")));
        return out;
    }

    private static LayerFile extended(String path, BaseFiles.Entry entry, String line) {
        String text = new String(entry.content(), StandardCharsets.UTF_8);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            text += "\n";
        }
        return LayerFile.file("/" + path, entry.mode(), entry.uid() + ":" + entry.gid(),
                (text + line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static List<String[]> fields(BaseFiles.Entry entry) {
        List<String[]> rows = new ArrayList<>();
        for (String line : new String(entry.content(), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                rows.add(line.split(":", -1));
            }
        }
        return rows;
    }

    private static String field(String[] row, int i) {
        return row.length > i ? row[i] : "";
    }
}
