package sandbox.image.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.image.Processes;

class GitInfoTest {

    @TempDir
    Path dir;

    private void git(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        Processes.Result r = Processes.run(Duration.ofSeconds(20), cmd);
        assertTrue(r.ok(), r.toString());
    }

    @Test
    void originUrlLosesItsUserAndTokenBeforeItBecomesALabel() {
        git("init", "-q");
        git("remote", "add", "origin", "https://someone:ghp_token123@git.invalid/team/sandbox.git");
        assertEquals(Optional.of("https://git.invalid/team/sandbox.git"), GitInfo.originUrl(dir));
    }

    @Test
    void headIsTheCommitAndEmptyOutsideARepository() {
        assertEquals(Optional.empty(), GitInfo.head(dir));
        git("init", "-q");
        git("-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-q", "--allow-empty", "-m", "x");
        assertTrue(GitInfo.head(dir).orElseThrow().matches("[0-9a-f]{40}"));
    }
}
