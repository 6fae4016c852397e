package sandbox.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration in code (found through ServiceLoader before any XML): quiet by
 * default, {@code -v} sets {@code sandbox.log.level} to INFO, {@code -v -v} to DEBUG; lines go
 * to stderr as {@code sandbox: LEVEL: message} so stdout stays machine-readable (JSON output).
 * Not a {@code logback.xml}: parsing one loads the XML parser and Joran, about 500 classes,
 * on every command that logs (up's secret step does), which a cold JVM pays for.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        Stderr appender = new Stderr();
        appender.setContext(context);
        appender.setName("STDERR");
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getProperty("sandbox.log.level", "WARN"), Level.WARN));
        root.addAppender(appender);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** One line per event, the stack trace after it when there is one. */
    static final class Stderr extends AppenderBase<ILoggingEvent> {

        @Override
        protected void append(ILoggingEvent event) {
            StringBuilder line = new StringBuilder("sandbox: ").append(event.getLevel()).append(": ")
                    .append(event.getFormattedMessage()).append(System.lineSeparator());
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                line.append(ThrowableProxyUtil.asString(thrown)).append(System.lineSeparator());
            }
            System.err.print(line);
            System.err.flush();
        }
    }
}
