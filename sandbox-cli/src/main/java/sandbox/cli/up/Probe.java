package sandbox.cli.up;

import sandbox.api.UsageException;

/** A {@code HOST:PORT} (or {@code [V6]:PORT}) target that verify connects to from inside the agent. */
public record Probe(String host, int port) {

    public static Probe parse(String text, String what) throws UsageException {
        String t = text.trim();
        String host;
        String port;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0 || close + 1 >= t.length() || t.charAt(close + 1) != ':') {
                throw bad(text, what);
            }
            host = t.substring(1, close);
            port = t.substring(close + 2);
        } else {
            int colon = t.lastIndexOf(':');
            if (colon <= 0 || t.indexOf(':') != colon) {
                throw bad(text, what);
            }
            host = t.substring(0, colon);
            port = t.substring(colon + 1);
        }
        try {
            int p = Integer.parseInt(port);
            if (p < 1 || p > 65535 || host.isBlank()) {
                throw bad(text, what);
            }
            return new Probe(host, p);
        } catch (NumberFormatException e) {
            throw bad(text, what);
        }
    }

    private static UsageException bad(String text, String what) {
        return new UsageException(what + " '" + text + "' is not HOST:PORT", "e.g. 192.0.2.1:443 or [fd00::1]:443");
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
