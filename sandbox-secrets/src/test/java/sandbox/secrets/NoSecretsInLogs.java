package sandbox.secrets;

import static org.junit.jupiter.api.Assertions.assertFalse;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event (DEBUG and up) during a test and fails the test if any message,
 * argument or exception message contains a secret value the test registered, or any
 * password found in a secret file the test registered.
 */
public final class NoSecretsInLogs implements BeforeEachCallback, AfterEachCallback {

    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    private static final Set<Path> FILES = ConcurrentHashMap.newKeySet();
    private ListAppender<ILoggingEvent> appender;

    /** A value that must never be logged. */
    public static void secret(String value) {
        if (value != null && value.length() >= 8) {
            SECRETS.add(value);
        }
    }

    /** Every password ever found in this file (read after the test) must never be logged. */
    public static void watch(Path envFile) {
        FILES.add(envFile);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        SECRETS.clear();
        FILES.clear();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.DEBUG);
        appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(appender);
        for (Path f : FILES) {
            for (Path p : List.of(f, f.resolveSibling(f.getFileName() + ".previous"))) {
                if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    for (String line : Files.readAllLines(p)) {
                        int eq = line.indexOf('=');
                        if (eq > 0 && line.contains("PASSWORD")) {
                            secret(line.substring(eq + 1).strip());
                        }
                    }
                }
            }
        }
        StringBuilder all = new StringBuilder();
        for (ILoggingEvent e : appender.list) {
            all.append(e.getFormattedMessage()).append('\n');
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                all.append(t.getMessage()).append('\n');
            }
        }
        for (String s : SECRETS) {
            assertFalse(all.toString().contains(s), "a secret value appeared in the log output");
        }
    }

    /** The log lines captured so far in this test. */
    public List<String> lines() {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
