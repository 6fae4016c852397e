package sandbox.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.Console;

class ProjectLockTest {

    @TempDir
    Path root;

    @Test
    void aSecondCommandWaitsUntilTheFirstReleasesTheLock() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = Console.of(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true,
                StandardCharsets.UTF_8), Console.Verbosity.NORMAL, false);
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch secondStarted = new CountDownLatch(1);
        Thread second;
        try (ProjectLock first = ProjectLock.acquire(root, new Progress(console, "up"))) {
            events.add("first holds");
            second = new Thread(() -> {
                secondStarted.countDown();
                try (ProjectLock l = ProjectLock.acquire(root, new Progress(console, "up"))) {
                    events.add("second holds");
                } catch (Exception e) {
                    events.add("second failed: " + e);
                }
            });
            second.start();
            assertTrue(secondStarted.await(5, TimeUnit.SECONDS));
            // The second is blocked until this block closes the first lock.
            for (int i = 0; i < 100 && !err.toString(StandardCharsets.UTF_8).contains("waiting"); i++) {
                Thread.sleep(20);
            }
            events.add("first releases");
        }
        second.join(5000);
        assertEquals(List.of("first holds", "first releases", "second holds"), events);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("up: waiting for another sandbox command in this project"
                + " to finish"), err.toString(StandardCharsets.UTF_8));
    }
}
