package sandbox.image.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.cloud.tools.jib.api.DescriptorDigest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadedChainsTest {

    @TempDir
    Path cache;

    static DescriptorDigest d(int n) throws Exception {
        return DescriptorDigest.fromHash(String.format("%064x", n));
    }

    @Test
    void remembersWhatWasLoadedPerDaemon() throws Exception {
        LoadedChains local = new LoadedChains(cache, Map.of());
        assertEquals(0, local.sharedPrefix(List.of(d(1), d(2))), "nothing remembered yet");
        local.remember(List.of(d(1), d(2), d(3)));
        assertEquals(2, local.sharedPrefix(List.of(d(1), d(2), d(9))));
        assertEquals(3, new LoadedChains(cache, Map.of()).sharedPrefix(List.of(d(1), d(2), d(3), d(4))));
        assertEquals(0, local.sharedPrefix(List.of(d(2), d(1))), "a chain is shared from its first layer on");
        LoadedChains remote = new LoadedChains(cache, Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375"));
        assertEquals(0, remote.sharedPrefix(List.of(d(1), d(2))), "another daemon holds none of it");
    }

    @Test
    void keepsTheNewestEightChains() throws Exception {
        LoadedChains chains = new LoadedChains(cache, Map.of());
        for (int i = 0; i < 10; i++) {
            chains.remember(List.of(d(100 + i), d(1)));
        }
        assertEquals(2, chains.sharedPrefix(List.of(d(109), d(1))));
        assertEquals(2, chains.sharedPrefix(List.of(d(102), d(1))));
        assertEquals(0, chains.sharedPrefix(List.of(d(101), d(1))), "the two oldest were dropped");
    }

    @Test
    void anUnreadableRecordRemembersNothingAndIsReplaced() throws Exception {
        Path file = Files.createDirectories(cache.resolve("daemon")).resolve("loaded.json");
        Files.writeString(file, "{not json");
        LoadedChains chains = new LoadedChains(cache, Map.of());
        assertEquals(0, chains.sharedPrefix(List.of(d(1))));
        chains.remember(List.of(d(1)));
        assertEquals(1, chains.sharedPrefix(List.of(d(1))));
    }
}
