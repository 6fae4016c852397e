package sandbox.cli.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import sandbox.api.ContainerRuntime.ProcessResult;
import sandbox.api.SandboxException;

/** What differs when the runtime is Podman 4.3 (outputs copied from `podman … inspect` on Debian 12). */
class PodmanEngineTest {

    /** Answers per command line (after the executable); records every call. */
    static final class Scripted implements Processes {
        final List<List<String>> calls = new ArrayList<>();
        final List<String> installed;
        final Function<List<String>, ProcessResult> answer;

        Scripted(List<String> installed, Function<List<String>, ProcessResult> answer) {
            this.installed = installed;
            this.answer = answer;
        }

        @Override
        public ProcessResult run(List<String> command, byte[] stdin, Duration timeout) {
            calls.add(List.copyOf(command));
            return answer.apply(command);
        }

        @Override
        public int attached(List<String> command) {
            return 0;
        }

        @Override
        public boolean installed(String program) {
            return installed.contains(program);
        }
    }

    static ProcessResult ok(String out) {
        return new ProcessResult(0, out, "");
    }

    static ProcessResult fail(String err) {
        return new ProcessResult(125, "", err);
    }

    @Test
    void removingSeveralGoesOneAtATimeInOrderSinceOneCallRemovesInParallel() throws Exception {
        Scripted p = new Scripted(List.of("podman"), c -> c.get(c.size() - 1).equals("gone")
                ? new ProcessResult(1, "", "Error: no container with name or ID \"gone\" found: no such container")
                : ok(c.get(c.size() - 1) + "\n"));
        Engine engine = new Engine("podman", p);
        assertEquals(List.of("agent", "firewall"), engine.removeAll(List.of("agent", "gone", "firewall")));
        assertEquals(List.of(List.of("podman", "rm", "-f", "-t", "0", "agent"), List.of("podman", "rm", "-f", "-t", "0", "gone"),
                List.of("podman", "rm", "-f", "-t", "0", "firewall")), p.calls);
    }

    @Test
    void aContainerCaughtExitingIsRemovedAMomentLater() throws Exception {
        int[] tries = {0};
        Scripted p = new Scripted(List.of("podman"), c -> ++tries[0] < 3
                ? new ProcessResult(2, "", "Error: cannot remove container x as it could not be stopped: sending SIGKILL to"
                        + " container x: container state improper: stopped")
                : ok("fw\n"));
        new Engine("podman", p).remove("fw");
        assertEquals(3, p.calls.size());
    }

    @Test
    void autoDetectionTakesDockerWhenItsDaemonAnswersElsePodman() throws Exception {
        Scripted up = new Scripted(List.of("docker", "podman"), c -> ok("20.10.24\n"));
        assertEquals("docker", Engine.detect(Optional.empty(), up).name());
        Scripted down = new Scripted(List.of("docker", "podman"), c -> c.get(0).equals("docker")
                ? fail("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?")
                : ok("4.3.1\n"));
        assertEquals("podman", Engine.detect(Optional.empty(), down).name());
        assertEquals("docker", Engine.detect(Optional.of("docker"), down).name(), "an explicit choice wins");
        Scripted onlyPodman = new Scripted(List.of("podman"), c -> ok("4.3.1\n"));
        assertEquals("podman", Engine.detect(Optional.empty(), onlyPodman).name());
        assertEquals(List.of(), onlyPodman.calls, "nothing to choose between: no probe");
    }

    @Test
    void readsPodmansInspectArraysBareImageIdsAndNullLabels() throws Exception {
        ContainerInfo c = Inspected.container("[{\"Id\":\"08f5\",\"Name\":\"sbx-ag\",\"State\":{\"Status\":\"running\","
                + "\"Running\":true,\"Restarting\":false,\"ExitCode\":0,\"Health\":{\"Status\":\"\",\"FailingStreak\":0,"
                + "\"Log\":null}},\"Image\":\"4d7418d7\",\"HostConfig\":{\"NetworkMode\":\"container:eb3a\"},"
                + "\"RestartCount\":0,\"Config\":{\"Labels\":null}}]");
        assertEquals(new ContainerInfo("sbx-ag", "08f5", "running", true, 0, Optional.empty(), 0, "4d7418d7",
                "container:eb3a", Map.of()), c);
        assertEquals(List.of("fd11:2233:4455::1", "10.89.0.1"), Inspected.gateways("[{\"name\":\"n\",\"subnets\":["
                + "{\"subnet\":\"fd11:2233:4455::/64\",\"gateway\":\"fd11:2233:4455::1\"},"
                + "{\"subnet\":\"10.89.0.0/24\",\"gateway\":\"10.89.0.1\"}],\"dns_enabled\":true}]"));
        assertEquals(List.of("172.28.0.1"), Inspected.gateways("[{\"Name\":\"n\",\"IPAM\":{\"Config\":[{\"Subnet\":"
                + "\"172.28.0.0/16\",\"Gateway\":\"172.28.0.1\"}]}}]"));
        assertEquals("4d74", Inspected.image("[{\"Id\":\"4d74\",\"RepoDigests\":[],\"Config\":{}}]").id());
    }

    @Test
    void aStartingHealthcheckIsRunBecauseWithoutSystemdNothingElseRunsIt() throws Exception {
        String starting = "[{\"Name\":\"db\",\"State\":{\"Status\":\"running\",\"Running\":true,\"Health\":{\"Status\":"
                + "\"starting\"}}}]";
        String healthy = starting.replace("starting", "healthy");
        List<String> answers = new ArrayList<>(List.of(starting, healthy));
        Scripted p = new Scripted(List.of("podman"), c -> c.get(1).equals("healthcheck") ? ok("") : ok(answers.remove(0)));
        assertEquals(Optional.of("healthy"), new Engine("podman", p).inspect("db").orElseThrow().health());
        assertEquals(List.of("podman", "healthcheck", "run", "db"), p.calls.get(1));
    }

    @Test
    void anExistingVolumeIsKeptAndANetworkWithoutDnsIsRefused() throws Exception {
        Scripted p = new Scripted(List.of("podman"), c -> c.get(1).equals("volume")
                ? fail("Error: volume with name v already exists: volume already exists")
                : c.get(2).equals("inspect") ? ok("[{\"name\":\"n\",\"dns_enabled\":false}]") : ok("n\n"));
        Engine engine = new Engine("podman", p);
        engine.ensureVolume("v", Map.of());
        SandboxException e = assertThrows(SandboxException.class, () -> engine.createNetwork("n", Map.of(), List.of()));
        assertTrue(e.oneLine().startsWith("podman created network n without DNS"), e.oneLine());
        assertEquals(List.of("podman", "network", "rm", "n"), p.calls.get(p.calls.size() - 1), "not left behind");
    }

    @Test
    void joinsOnlyInternalNetworksBecausePodmanAddsADefaultRouteForEveryOther() throws Exception {
        Scripted p = new Scripted(List.of("podman"), c -> c.get(2).equals("inspect")
                ? ok("[{\"name\":\"" + c.get(3) + "\",\"internal\":" + c.get(3).equals("inner") + "}]") : ok(""));
        Engine engine = new Engine("podman", p);
        engine.checkJoinable("inner", "claude-sandbox", "fw");
        // A name that sorts after the sandbox's does not help with Podman: every gateway adds a route.
        SandboxException e = assertThrows(SandboxException.class, () -> engine.checkJoinable("zlan", "claude-sandbox", "fw"));
        assertTrue(e.oneLine().startsWith("podman network zlan has a gateway"), e.oneLine());
        assertTrue(e.oneLine().contains("podman network create --internal zlan"), e.oneLine());
        assertEquals(2, p.calls.size(), "only looked at");
        assertTrue(p.calls.stream().allMatch(c -> c.get(2).equals("inspect")), p.calls.toString());
    }

    @Test
    void explainsWhatAFreshPodmanHostLacks() {
        Scripted p = new Scripted(List.of("podman"), c -> fail("Error: container-init binary not found on the host:"
                + " stat /usr/libexec/podman/catatonit: no such file or directory"));
        SandboxException e = assertThrows(SandboxException.class, () -> new Engine("podman", p).run(
                RunSpec.builder("x", "img").init(true).build()));
        assertEquals("podman run x failed (exit 125): Error: container-init binary not found on the host: stat"
                + " /usr/libexec/podman/catatonit: no such file or directory (hint: --init needs catatonit: apt-get"
                + " install catatonit)", e.oneLine());
        Scripted remote = new Scripted(List.of("podman"), c -> fail("Cannot connect to Podman. Please verify your"
                + " connection to the Linux system using `podman system connection list`"));
        SandboxException r = assertThrows(SandboxException.class, () -> new Engine("podman", remote).serverVersion());
        assertTrue(r.oneLine().contains("unset CONTAINER_HOST"), r.oneLine());
    }
}
