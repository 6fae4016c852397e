package sandbox.secrets;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.slf4j.LoggerFactory;

/** The leak detector itself detects a leak (so the tests that rely on it can fail). */
class NoSecretsInLogsTest {

    @Test
    void failsWhenARegisteredSecretIsLogged() throws Exception {
        NoSecretsInLogs detector = new NoSecretsInLogs();
        detector.beforeEach(null);
        NoSecretsInLogs.secret("correct-horse-battery");
        LoggerFactory.getLogger("leaky").debug("connecting with {}", "correct-horse-battery");
        assertThrows(AssertionFailedError.class, () -> detector.afterEach(null));
    }

    @Test
    void failsWhenASecretIsInALoggedExceptionMessage() throws Exception {
        NoSecretsInLogs detector = new NoSecretsInLogs();
        detector.beforeEach(null);
        NoSecretsInLogs.secret("correct-horse-battery");
        LoggerFactory.getLogger("leaky").warn("failed", new IllegalStateException("pw correct-horse-battery"));
        assertThrows(AssertionFailedError.class, () -> detector.afterEach(null));
    }
}
