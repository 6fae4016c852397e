package sandbox.image;

/** The apply script the container tests ship in the image: the firewall module's real one. */
final class TestApplyScript {

    private TestApplyScript() {
    }

    static String text() {
        return sandbox.firewall.Ruleset.applyScript();
    }
}
