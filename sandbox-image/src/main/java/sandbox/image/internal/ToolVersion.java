package sandbox.image.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This sandbox's version, for the {@code org.opencontainers.image.version} label. */
public final class ToolVersion {

    private ToolVersion() {
    }

    public static String get() {
        try (InputStream in = ToolVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
