package sandbox.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Racing ensures end with exactly one password, and every racer reports that one. */
class ConcurrencyTest {

    @RegisterExtension
    final NoSecretsInLogs logs = new NoSecretsInLogs();

    @TempDir
    Path tmp;

    @RepeatedTest(5)
    void manyThreadsCreateOnePassword() throws Exception {
        Path env = tmp.resolve(".devcontainer/.env");
        NoSecretsInLogs.watch(env);
        int n = 16;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String[]>> results = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    Ensured e = SecretFile.at(env).withoutGit().ensure();
                    String pw = SecretFile.at(env).withoutGit().read().password().reveal();
                    return new String[] {Boolean.toString(e.created()), pw};
                }));
            }
            go.countDown();
            List<String[]> all = new ArrayList<>();
            for (Future<String[]> f : results) {
                all.add(f.get());
            }
            assertEquals(1, all.stream().filter(r -> r[0].equals("true")).count(), "exactly one creator");
            Set<String> passwords = all.stream().map(r -> r[1]).collect(Collectors.toSet());
            assertEquals(Set.of(Fixtures.password(env)), passwords, "every thread reports the one password");
        } finally {
            pool.shutdownNow();
        }
        try (var list = Files.list(env.getParent())) {
            assertEquals(List.of(env), list.toList(), "no temp files left");
        }
    }

    @RepeatedTest(3)
    void manyThreadsCompletingAnOldFileAddOnePassword() throws Exception {
        Path env = tmp.resolve(".env");
        Files.writeString(env, "POSTGRES_USER=alice\n");
        Files.setPosixFilePermissions(env, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        NoSecretsInLogs.watch(env);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<String>>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return SecretFile.at(env).withoutGit().ensure().addedKeys();
                }));
            }
            go.countDown();
            int completers = 0;
            for (Future<List<String>> f : results) {
                completers += f.get().isEmpty() ? 0 : 1;
            }
            assertEquals(1, completers, "one thread added the keys, the others found them");
        } finally {
            pool.shutdownNow();
        }
        String text = Files.readString(env);
        assertEquals(1, text.split("POSTGRES_PASSWORD=", -1).length - 1, text.replaceAll("=.*", "=…"));
        assertEquals(Fixtures.password(env), Fixtures.values(env).get("PGPASSWORD"));
    }

    @Test
    void twoProcessesCreateOnePassword() throws Exception {
        for (int round = 0; round < 3; round++) {
            Path env = tmp.resolve("round" + round + "/.env");
            Files.createDirectories(env.getParent());
            NoSecretsInLogs.watch(env);
            // Both JVMs spin until the same instant, well after both have started.
            String startAt = Long.toString(System.currentTimeMillis() + 2500);
            ChildJvm.Running a = ChildJvm.start(false, env.toString(), startAt);
            ChildJvm.Running b = ChildJvm.start(false, env.toString(), startAt);
            String logA = a.await();
            String logB = b.await();
            // The child logs (INFO, to stdout) before its result line: no value in them.
            assertFalse(logA.contains(Fixtures.password(env)) || logB.contains(Fixtures.password(env)));
            String outA = logA.substring(logA.lastIndexOf('\n') + 1);
            String outB = logB.substring(logB.lastIndexOf('\n') + 1);

            String expected = "fingerprint=" + EnsureProcess.fingerprint(Fixtures.password(env));
            assertEquals(expected, outA.substring(outA.indexOf(' ') + 1));
            assertEquals(expected, outB.substring(outB.indexOf(' ') + 1));
            assertEquals(1, List.of(outA, outB).stream().filter(o -> o.startsWith("created=true")).count(),
                    outA + " / " + outB);
        }
    }
}
