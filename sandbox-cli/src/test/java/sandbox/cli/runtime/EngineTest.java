package sandbox.cli.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import sandbox.api.SandboxException;

class EngineTest {

    @Test
    void theErrorLineIsKeptNotTheUsageReminderAfterIt() {
        assertEquals("docker: Error response from daemon: invalid env file: NUL byte.",
                Engine.oneLineOf("docker: Error response from daemon: invalid env file: NUL byte.\n"
                        + "See 'docker run --help'.\n"));
        assertEquals("docker: invalid reference format.", Engine.oneLineOf("docker: invalid reference format.\n\nRun 'docker run --help' for more information\n"));
    }

    @Test
    void anInternalNetworkIsSeenInEitherRuntimesSpelling() throws Exception {
        assertTrue(Inspected.internal("[{\"Name\":\"n\",\"Internal\":true}]"), "Docker");
        assertTrue(Inspected.internal("[{\"name\":\"n\",\"internal\":true}]"), "Podman");
        org.junit.jupiter.api.Assertions.assertFalse(Inspected.internal("[{\"Name\":\"n\",\"Internal\":false}]"));
    }

    @Test
    void explainsADaemonThatIsNotRunningInOneLineWithTheRuntimesWords() {
        FakeDocker docker = new FakeDocker();
        docker.daemonDown = true;
        SandboxException e = assertThrows(SandboxException.class, () -> new Engine("docker", docker).serverVersion());
        assertEquals("docker version failed: the docker daemon is not running (Cannot connect to the Docker daemon at"
                + " unix:///var/run/docker.sock. Is the docker daemon running?) (hint: start it: sudo systemctl start"
                + " docker (or run dockerd), then retry)", e.oneLine());
    }

    @Test
    void explainsARuntimeThatIsNotInstalled() {
        FakeDocker docker = new FakeDocker();
        docker.installed = false;
        SandboxException e = assertThrows(SandboxException.class, () -> Engine.detect(Optional.empty(), docker));
        assertTrue(e.oneLine().startsWith("no container runtime installed"), e.oneLine());
        SandboxException named = assertThrows(SandboxException.class, () -> Engine.detect(Optional.of("podman"), docker));
        assertEquals("podman is not installed (not found on the PATH) (hint: install Podman (apt-get install podman)"
                + " or use --runtime docker)", named.oneLine());
        SandboxException gone = assertThrows(SandboxException.class, () -> new Engine("docker", docker).serverVersion());
        assertTrue(gone.oneLine().startsWith("docker is not installed"), gone.oneLine());
    }

    @Test
    void refusesAnUnknownRuntimeName() {
        SandboxException e = assertThrows(SandboxException.class,
                () -> Engine.detect(Optional.of("lxc"), new FakeDocker()));
        assertEquals("unknown container runtime 'lxc' (hint: use --runtime docker or --runtime podman (setting 'runtime'))",
                e.oneLine());
    }

    @Test
    void aFailedRunCarriesTheLastLineOfTheRuntimesStderr() throws Exception {
        FakeDocker docker = new FakeDocker();
        Engine engine = new Engine("docker", docker);
        RunSpec spec = RunSpec.builder("x", "img").build();
        engine.run(spec);
        SandboxException e = assertThrows(SandboxException.class, () -> engine.run(spec));
        assertEquals("docker run x failed (exit 125): docker: Error response from daemon: Conflict. The container name"
                + " \"/x\" is already in use.", e.oneLine());
    }

    @Test
    void parsesInspectJsonOfDockerAndPodman() throws Exception {
        ContainerInfo d = Inspected.container("{\"Id\":\"abc\",\"Name\":\"/claude-db\",\"State\":{\"Status\":\"running\","
                + "\"Running\":true,\"ExitCode\":0,\"Health\":{\"Status\":\"healthy\"}},\"RestartCount\":2,"
                + "\"Image\":\"sha256:1\",\"HostConfig\":{\"NetworkMode\":\"claude-sandbox\"},"
                + "\"Config\":{\"Labels\":{\"dev.sandbox.role\":\"db\"}}}");
        assertEquals(new ContainerInfo("claude-db", "abc", "running", true, 0, Optional.of("healthy"), 2, "sha256:1",
                "claude-sandbox", Map.of("dev.sandbox.role", "db")), d);
        ContainerInfo p = Inspected.container("{\"Id\":\"abc\",\"Name\":\"claude-db\",\"State\":{\"Status\":\"exited\","
                + "\"Running\":false,\"ExitCode\":3,\"Healthcheck\":{\"Status\":\"unhealthy\"}},\"Config\":{\"Labels\":null}}");
        assertEquals(Optional.of("unhealthy"), p.health());
        assertEquals("claude-db", p.name());
        assertEquals(3, p.exitCode());
    }

    @Test
    void missingContainersVolumesAndNetworksAreNotErrors() throws Exception {
        FakeDocker docker = new FakeDocker();
        Engine engine = new Engine("docker", docker);
        assertEquals(Optional.empty(), engine.inspect("nope"));
        engine.remove("nope");
        engine.removeVolume("nope");
        engine.removeNetwork("nope");
        engine.ensureVolume("v", Map.of("k", "v"));
        engine.ensureVolume("v", Map.of("k", "v"));
        assertEquals(java.util.Set.of("v"), docker.volumes);
        assertEquals(List.of("docker", "volume", "create", "--label", "k=v", "v"), docker.callsStarting("volume", "create").get(0));
    }

    @Test
    void execPassesStdinNotArgumentsAndNeverThrowsForANonZeroExit() throws Exception {
        FakeDocker docker = new FakeDocker();
        docker.onExec = a -> FakeDocker.fail(2, "psql: error");
        var r = new Engine("docker", docker).exec("claude-db", List.of("psql", "-f", "-"), "secret".getBytes());
        assertEquals(2, r.exitCode());
        assertEquals(List.of("docker", "exec", "-i", "claude-db", "psql", "-f", "-"), docker.calls.get(0));
    }

    @Test
    void oneCallInspectsSeveralContainersAndLeavesOutTheMissingOnes() throws Exception {
        FakeDocker docker = new FakeDocker();
        Engine engine = new Engine("docker", docker);
        engine.run(RunSpec.builder("a", "img").build());
        Map<String, ContainerInfo> found = engine.inspectAll(List.of("a", "nope"));
        assertEquals(List.of("a"), List.copyOf(found.keySet()));
        assertTrue(found.get("a").running());
        assertEquals(1, docker.callsStarting("container", "inspect").size());
        assertEquals(Map.of(), engine.inspectAll(List.of("nope", "gone")));
    }

    @Test
    void aFailureOtherThanMissingIsAnErrorForMultiObjectCalls() {
        FakeDocker docker = new FakeDocker();
        docker.daemonDown = true;
        Engine engine = new Engine("docker", docker);
        assertThrows(SandboxException.class, () -> engine.inspectAll(List.of("a", "b")));
        assertThrows(SandboxException.class, () -> engine.missingVolumes(List.of("v")));
        assertThrows(SandboxException.class, () -> engine.removeAll(List.of("a")));
        assertThrows(SandboxException.class, () -> engine.networkGatewaysIfExists("n"));
    }

    @Test
    void missingVolumesAreFoundInOneCallInTheirOrder() throws Exception {
        FakeDocker docker = new FakeDocker();
        Engine engine = new Engine("docker", docker);
        engine.ensureVolume("b", Map.of());
        assertEquals(List.of("a", "c"), engine.missingVolumes(List.of("a", "b", "c")));
        assertEquals(List.of(), engine.missingVolumes(List.of("b")));
        assertEquals(2, docker.callsStarting("volume", "inspect").size());
    }

    @Test
    void removeAllTakesSeveralInOneCallAndMissingOnesAreFine() throws Exception {
        FakeDocker docker = new FakeDocker();
        Engine engine = new Engine("docker", docker);
        engine.run(RunSpec.builder("a", "img").build());
        engine.removeAll(List.of("nope", "a"));
        assertEquals(List.of(List.of("docker", "rm", "-f", "nope", "a")), docker.callsStarting("rm"));
        assertTrue(docker.containers.isEmpty());
        engine.removeAll(List.of());
        assertEquals(1, docker.callsStarting("rm").size());
    }

    @Test
    void aNetworkIsAbsentOrHasItsGateways() throws Exception {
        FakeDocker docker = new FakeDocker();
        Engine engine = new Engine("docker", docker);
        assertEquals(Optional.empty(), engine.networkGatewaysIfExists("n"));
        engine.createNetwork("n", Map.of(), List.of());
        assertEquals(Optional.of(List.of("172.28.0.1")), engine.networkGatewaysIfExists("n"));
    }
}
