package sandbox.secrets.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.Console;
import sandbox.api.SecretService;
import sandbox.api.Settings;
import sandbox.secrets.Fixtures;
import sandbox.secrets.NoSecretsInLogs;

/** What {@code up} calls: the provider named in module-info, warnings on the console. */
class DefaultSecretServiceTest {

    @RegisterExtension
    final NoSecretsInLogs logs = new NoSecretsInLogs();

    @TempDir
    Path tmp;

    @Test
    void isTheProviderOfSecretService() {
        ModuleDescriptor d = DefaultSecretService.class.getModule().getDescriptor();
        assertTrue(d.provides().stream().anyMatch(p -> p.service().equals(SecretService.class.getName())
                && p.providers().equals(List.of(DefaultSecretService.class.getName()))), d.provides().toString());
    }

    @Test
    void ensuresWithTheSettingsDatabaseAndReportsWarnings() throws Exception {
        Path env = tmp.resolve(".devcontainer/.env");
        NoSecretsInLogs.watch(env);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = Console.of(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err),
                Console.Verbosity.NORMAL, false);
        Settings settings = Settings.resolve(Map.of("db.container", "sbx-db"), Map.of());

        SecretService.SecretStatus s = new DefaultSecretService().ensure(env, settings, console);

        assertTrue(s.created());
        assertEquals("sbx-db", Fixtures.values(env).get("PGHOST"));
        Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-r-----"));
        SecretService.SecretStatus again = new DefaultSecretService().ensure(env, settings, console);
        assertTrue(!again.created() && again.notes().stream().anyMatch(n -> n.contains("re-secured to 0600")));
        assertTrue(err.toString().contains("sandbox: warning: "), err.toString());
        assertEquals("rw-------", Fixtures.mode(env));
    }
}
