package sandbox.image;

/** The unprivileged user the agent runs as; {@code sandbox-init} creates it when the base lacks it. */
public record ImageUser(String name, int uid, int gid, String home) {

    public static final ImageUser CLAUDE = new ImageUser("claude", 1000, 1000, "/home/claude");

    public ImageUser {
        if (!name.matches("[a-z_][a-z0-9_-]*") || uid <= 0 || gid <= 0 || !home.startsWith("/")) {
            throw new IllegalArgumentException("bad image user " + name + " " + uid + ":" + gid + " " + home);
        }
    }

    /** {@code uid:gid}, as layer entries record ownership. */
    public String ownership() {
        return uid + ":" + gid;
    }
}
