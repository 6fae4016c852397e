package sandbox.cli;

import java.nio.file.Path;

/** {@code java -p MODULES -m sandbox.cli ARGS…}: wires the real world into {@link Cli}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Cli cli = new Cli(CommandCatalog.load(), System.getenv(), Path.of(""));
        int code = cli.run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }
}
