package sandbox.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.SandboxException;
import sandbox.api.Settings;

class UpTest {

    @TempDir
    Path root;

    private int indexOf(Fakes f, List<String> call) {
        return f.docker.calls.indexOf(call);
    }

    private int firstIndex(Fakes f, String... words) {
        List<List<String>> c = f.docker.callsStarting(words);
        return c.isEmpty() ? -1 : f.docker.calls.indexOf(c.get(0));
    }

    @Test
    void aChangedSecretFileRecreatesTheAgentOnlyAndItsValueIsInNoArgument() throws Exception {
        Fakes f = new Fakes(root);
        assertEquals(0, new UpCommand().run(f.invocation(Settings.empty())));
        java.nio.file.Path env = root.resolve(".devcontainer/.env");
        String rotated = Files.readString(env).replace(Fakes.PASSWORD, "rotated-0123456789abcdef");
        Files.writeString(env, rotated);
        assertEquals(0, new UpCommand().run(f.invocation(Settings.empty())));
        assertEquals(2, f.docker.callsStarting("run", "-d", "--name", "claude-code").size(), "the agent was recreated");
        assertEquals(1, f.docker.callsStarting("run", "-d", "--name", "claude-firewall").size(), "the firewall was kept");
        for (List<String> call : f.docker.calls) {
            assertTrue(call.stream().noneMatch(a -> a.contains("rotated-0123456789abcdef") || a.contains(Fakes.PASSWORD)), call.toString());
        }
        assertEquals(0, new UpCommand().run(f.invocation(Settings.empty())));
        assertEquals(2, f.docker.callsStarting("run", "-d", "--name", "claude-code").size(), "unchanged: kept");
    }

    @Test
    void aSecretFileLineTheRuntimeWouldRefuseStopsUpBeforeAnyChange() throws Exception {
        Fakes f = new Fakes(root);
        assertEquals(0, new UpCommand().run(f.invocation(Settings.empty())));
        java.nio.file.Path env = root.resolve(".devcontainer/.env");
        Files.writeString(env, Files.readString(env) + "export MY_X=secret-value-1\nTZ=Europe/Oslo\n");
        int before = f.docker.calls.size();
        sandbox.api.SandboxException e = org.junit.jupiter.api.Assertions.assertThrows(sandbox.api.SandboxException.class,
                () -> new UpCommand().run(f.invocation(Settings.empty().with("tz", "Europe/Oslo"))));
        assertTrue(e.oneLine().startsWith(".devcontainer/.env:10: 'export MY_X' is not a variable name 'run --env-file' accepts"),
                e.oneLine());
        assertFalse(e.oneLine().contains("secret-value-1"), e.oneLine());
        List<List<String>> calls = new java.util.ArrayList<>(f.docker.calls);
        assertTrue(calls.subList(before, calls.size()).stream()
                .noneMatch(c -> c.contains("rm") || c.contains("run")), "nothing removed or started");
    }

    @Test
    void anExtraNetworkThatWouldTakeTheDefaultRouteIsRefusedBeforeAnyChange() throws Exception {
        Fakes f = new Fakes(root);
        f.docker.networks.add("aaa-lan");
        f.docker.networks.add("zzz-lan");
        sandbox.api.SandboxException e = org.junit.jupiter.api.Assertions.assertThrows(sandbox.api.SandboxException.class,
                () -> new UpCommand().run(f.invocation(Settings.empty().with("firewall.networks", "zzz-lan,aaa-lan"))));
        assertTrue(e.oneLine().startsWith("the network aaa-lan sorts before claude-sandbox and has a gateway"), e.oneLine());
        assertEquals(List.of(), f.docker.callsStarting("run"));
        assertEquals(List.of(), f.docker.callsStarting("network", "create"));
        assertEquals(0, new UpCommand().run(f.invocation(Settings.empty().with("firewall.networks", "zzz-lan"))));
    }

    @Test
    void aControlCharacterInASecretValueStopsUpBeforeAnyChangeAndCrlfIsFine() throws Exception {
        Fakes f = new Fakes(root);
        java.nio.file.Path env = root.resolve(".devcontainer/.env");
        assertEquals(0, new UpCommand().run(f.invocation(Settings.empty())));
        String plain = Files.readString(env);
        Files.writeString(env, plain.replace("\n", "\r\n"));
        assertEquals(0, new UpCommand().run(f.invocation(Settings.empty())), "CRLF is read as the runtime reads it");
        Files.writeString(env, plain + "NULVAR=a\u0000secret-b\n");
        int before = f.docker.calls.size();
        SandboxException e = assertThrows(SandboxException.class, () -> new UpCommand().run(f.invocation(Settings.empty())));
        assertTrue(e.oneLine().contains("the value of NULVAR holds a control character"), e.oneLine());
        assertFalse(e.oneLine().contains("secret-b"), e.oneLine());
        List<List<String>> calls = new java.util.ArrayList<>(f.docker.calls);
        assertTrue(calls.subList(before, calls.size()).stream().noneMatch(c -> c.contains("rm") || c.contains("run")));
    }

    @Test
    void anotherCheckoutsSandboxWithTheSamePrefixIsLeftAlone() throws Exception {
        Fakes f = new Fakes(root);
        f.docker.containers.put("claude-firewall", new java.util.HashMap<>(Map.of(Containers.LABEL_PROJECT, "/elsewhere/repo")));
        f.docker.running.put("claude-firewall", true);
        sandbox.api.SandboxException e = org.junit.jupiter.api.Assertions.assertThrows(sandbox.api.SandboxException.class,
                () -> new UpCommand().run(f.invocation(Settings.empty())));
        assertTrue(e.oneLine().startsWith("the container claude-firewall belongs to the sandbox of /elsewhere/repo"), e.oneLine());
        assertTrue(e.oneLine().contains("container.prefix"), e.oneLine());
        assertEquals(List.of(), f.docker.callsStarting("network", "create"));
        assertEquals(List.of(), f.docker.callsStarting("run"));
        assertEquals(List.of(), f.docker.callsStarting("rm"));
        assertEquals(List.of(), f.builds, "the shared image name was not rebuilt either");
        assertTrue(f.docker.running.get("claude-firewall"));
    }

    @Test
    void firstUpStartsTheFirewallAndWaitsForItsStateBeforeTheAgent() throws Exception {
        Fakes f = new Fakes(root);
        assertEquals(0, new UpCommand().run(f.invocation(Settings.empty())));
        int network = firstIndex(f, "network", "create");
        int firewall = indexOf(f, f.docker.callsStarting("run", "-d", "--name", "claude-firewall").get(0));
        int state = firstIndex(f, "exec", "-i", "claude-firewall", "sh", "-c", Verifier.FIREWALL_SCRIPT,
                "/run/sandbox/firewall.state");
        int agent = indexOf(f, f.docker.callsStarting("run", "-d", "--name", "claude-code").get(0));
        int blocked = firstIndex(f, "exec", "-i", "claude-code", "sh", "-c", Verifier.AGENT_SCRIPT, "probe", "192.0.2.1",
                "443", "2");
        assertTrue(network < firewall && firewall < state && state < agent && agent < blocked,
                "order: " + f.docker.calls);
        assertEquals(List.of("docker", "network", "create", "--label", "dev.sandbox.project=" + root),
                f.docker.calls.get(network).subList(0, 5));
        assertEquals("claude-sandbox", f.docker.calls.get(network).get(8));
        assertEquals(List.of("claude-workspace", "claude-config", "claude-bashhistory"),
                f.docker.callsStarting("volume", "create").stream().map(c -> c.get(c.size() - 1)).toList());
        assertTrue(f.output().contains("sandbox is up: claude-code (firewall in claude-firewall)"), f.output());
        assertTrue(f.output().contains("strict, 3 IPv4 and 1 IPv6 blocks allowed, enforced and verified"), f.output());
        String devcontainer = Files.readString(root.resolve(".devcontainer/devcontainer.json"));
        assertTrue(devcontainer.contains("\"--network=container:claude-firewall\""), devcontainer);
        assertTrue(devcontainer.contains("\"remoteUser\" : \"claude\""), devcontainer);
        assertTrue(Files.isRegularFile(root.resolve(".sandbox/up.json")));
    }

    @Test
    void noSecretValueInAnyArgumentOrOutputWithTheDatabase() throws Exception {
        Fakes f = new Fakes(root);
        assertEquals(0, new UpCommand().run(f.invocation(Settings.empty(), "--db", "--json")));
        for (List<String> call : f.docker.calls) {
            assertFalse(String.join(" ", call).contains(Fakes.PASSWORD), "secret in " + call);
        }
        assertFalse(f.output().contains(Fakes.PASSWORD));
        assertTrue(f.output().contains("\"url\" : \"postgresql://sandbox@claude-db:5432/sandbox\""), f.output());
        int db = indexOf(f, f.docker.callsStarting("run", "-d", "--name", "claude-db").get(0));
        int firewall = indexOf(f, f.docker.callsStarting("run", "-d", "--name", "claude-firewall").get(0));
        assertTrue(db < firewall, "database healthy before the sandbox");
    }

    @Test
    void secondUpWithNothingChangedOnlyVerifies() throws Exception {
        Fakes f = new Fakes(root);
        new UpCommand().run(f.invocation(Settings.empty()));
        f.docker.calls.clear();
        assertEquals(0, new UpCommand().run(f.invocation(Settings.empty())));
        assertEquals(List.of(), f.docker.callsStarting("run"));
        assertEquals(List.of(), f.docker.callsStarting("rm"));
        assertEquals(List.of(), f.docker.callsStarting("exec", "-i", "claude-firewall", "sandbox-init", "refresh"));
        assertTrue(f.output().contains("nothing changed: verified only"), f.output());
    }

    @Test
    void anUnchangedUpAsksTheRuntimeSixTimesAndLooksIntoEachContainerOnce() throws Exception {
        Fakes f = new Fakes(root);
        new UpCommand().run(f.invocation(Settings.empty()));
        f.docker.calls.clear();
        f.imageSkipped = true;
        assertEquals(0, new UpCommand().run(f.invocation(Settings.empty())));
        List<String> verbs = f.docker.calls.stream().map(c -> c.get(1) + " " + c.get(2)).sorted().toList();
        // version, both containers, network, volumes; one exec each into the firewall and the agent.
        assertEquals(List.of("container inspect", "exec -i", "exec -i", "network inspect", "version --format",
                "volume inspect"), verbs, f.docker.calls.toString());
        assertEquals(1, f.docker.callsStarting("exec", "-i", "claude-code", "sh", "-c", Verifier.AGENT_SCRIPT, "probe",
                "192.0.2.1", "443", "2", "api.anthropic.com", "443", "3").size(), f.docker.calls.toString());
        assertTrue(f.output().contains("nothing changed: verified only"), f.output());
    }

    @Test
    void anAgentLeftInAnOldNamespaceIsRestartedAndCheckedAgain() throws Exception {
        Fakes f = new Fakes(root);
        new UpCommand().run(f.invocation(Settings.empty()));
        f.docker.calls.clear();
        f.agentNetns = "net:[1]";
        SandboxException e = assertThrows(SandboxException.class, () -> new UpCommand().run(f.invocation(Settings.empty())));
        // The fake's agent stays in the old namespace after the restart, so verify must refuse it.
        assertEquals(1, f.docker.callsStarting("restart").size());
        assertTrue(e.getMessage().startsWith("the agent container is not in the firewall container's network namespace"),
                e.getMessage());
        f.agentNetns = f.firewallNetns;
        f.docker.calls.clear();
        assertEquals(0, new UpCommand().run(f.invocation(Settings.empty())));
        assertEquals(List.of(), f.docker.callsStarting("restart"));
    }

    @Test
    void aChangedAllowlistIsAppliedLiveWithoutRecreatingAnything() throws Exception {
        Fakes f = new Fakes(root);
        new UpCommand().run(f.invocation(Settings.empty()));
        f.docker.calls.clear();
        f.rulesHash = "rules-2";
        assertEquals(0, new UpCommand().run(f.invocation(Settings.empty())));
        assertEquals(List.of(), f.docker.callsStarting("run"));
        assertEquals(1, f.docker.callsStarting("exec", "-i", "claude-firewall", "sandbox-init", "refresh").size());
        assertTrue(f.output().contains("firewall refreshed"), f.output());
    }

    @Test
    void aFirewallContainerReadingAReplacedFolderIsRecreated() throws Exception {
        Fakes f = new Fakes(root);
        new UpCommand().run(f.invocation(Settings.empty()));
        f.docker.calls.clear();
        f.rulesHash = "rules-2";
        f.staleMount = true;
        assertEquals(0, new UpCommand().run(f.invocation(Settings.empty())));
        assertEquals(1, f.docker.callsStarting("exec", "-i", "claude-firewall", "sandbox-init", "refresh").size());
        assertEquals(2, f.docker.callsStarting("run").size());
        assertTrue(f.output().contains("the firewall container still reads an old folder: recreating it"), f.output());
    }

    @Test
    void aChangedPlanRecreatesBothContainersAndKeepsTheVolumes() throws Exception {
        Fakes f = new Fakes(root);
        new UpCommand().run(f.invocation(Settings.empty()));
        f.docker.calls.clear();
        f.planHash = "plan-2";
        assertEquals(0, new UpCommand().run(f.invocation(Settings.empty())));
        assertEquals(2, f.docker.callsStarting("run").size());
        assertEquals(List.of(), f.docker.callsStarting("volume", "rm"));
        assertTrue(f.docker.volumes.contains("claude-workspace"));
        assertTrue(f.output().contains("firewall container recreated, agent container recreated"), f.output());
    }

    @Test
    void aBlockedProbeThatIsNotRefusedFailsUp() {
        Fakes f = new Fakes(root);
        f.blockedProbe = sandbox.cli.runtime.FakeDocker.fail(1,
                "nc: connect to 192.0.2.1 port 443 (tcp) timed out: Operation now in progress");
        SandboxException e = assertThrows(SandboxException.class, () -> new UpCommand().run(f.invocation(Settings.empty())));
        assertTrue(e.getMessage().startsWith("the firewall is not enforcing: 192.0.2.1:443 must be refused from inside"
                + " claude-code but was timed out"), e.getMessage());
        assertTrue(e.getMessage().endsWith("; the agent container claude-code was stopped"), e.getMessage());
        assertEquals(false, f.docker.running.get("claude-code"), "fail closed: the agent does not stay up");
    }

    @Test
    void aFailedProofStopsAnEditorsContainerInTheNamespaceToo() {
        Fakes f = new Fakes(root);
        String editor = "e".repeat(64);
        f.docker.containers.put(editor, new java.util.HashMap<>());
        f.docker.running.put(editor, true);
        f.docker.labeled.put("dev.sandbox.editor=claude", List.of(editor));
        f.blockedProbe = sandbox.cli.runtime.FakeDocker.ok("Connection to 192.0.2.1 443 port [tcp/https] succeeded!");
        SandboxException e = assertThrows(SandboxException.class, () -> new UpCommand().run(f.invocation(Settings.empty())));
        assertTrue(e.getMessage().endsWith("; the agent container claude-code and 1 editor container(s) were stopped"),
                e.getMessage());
        assertEquals(false, f.docker.running.get(editor));
    }

    @Test
    void aDefaultRouteThroughAnotherNetworkFailsUpBecauseItsPrefixWouldBeAllowed() {
        Fakes f = new Fakes(root);
        f.gateway = "172.31.0.1";
        SandboxException e = assertThrows(SandboxException.class, () -> new UpCommand().run(f.invocation(Settings.empty())));
        assertTrue(e.getMessage().startsWith("the firewall container's default route (via 172.31.0.1) is not the sandbox"
                + " network claude-sandbox"), e.getMessage());
    }

    @Test
    void theSandboxNetworkIsDualStackWithAUniqueLocalSubnet() throws Exception {
        Fakes f = new Fakes(root);
        new UpCommand().run(f.invocation(Settings.empty()));
        List<String> create = f.docker.callsStarting("network", "create").get(0);
        assertEquals("--ipv6", create.get(5));
        assertTrue(create.get(7).matches("fd[0-9a-f]{2}:[0-9a-f]{4}:[0-9a-f]{4}::/64"), create.get(7));
    }

    @Test
    void aDegradedFirewallIsShownWithItsBanner() throws Exception {
        Fakes f = new Fakes(root);
        f.appliedMode = "degraded";
        assertEquals(0, new UpCommand().run(f.invocation(Settings.empty())));
        assertTrue(f.output().contains("!!! FIREWALL DEGRADED"), f.output());
        assertEquals(List.of(), f.docker.callsStarting("exec", "-i", "claude-code", "sh", "-c", Verifier.AGENT_SCRIPT,
                "probe", "192.0.2.1"));
    }

    @Test
    void aFirewallContainerThatDiesFailsUpWithItsLogAndLeavesNoAgent() {
        Fakes f = new Fakes(root);
        f.firewallDiesOnStart = true;
        SandboxException e = assertThrows(SandboxException.class,
                () -> new UpCommand().run(f.invocation(Settings.empty(), "--require-firewall")));
        assertTrue(e.getMessage().contains("stopped (exit 0) before recording its state; its log: [sandbox-init]"),
                e.getMessage());
        assertEquals(List.of(), f.docker.callsStarting("run", "-d", "--name", "claude-code"));
        assertFalse(f.docker.containers.containsKey("claude-firewall"));
    }

    @Test
    void aStateFileWithoutTheNamespacesMarkIsNotTakenForAppliedRules() throws Exception {
        Fakes f = new Fakes(root);
        assertEquals(0, new UpCommand().run(f.invocation(Settings.empty())));
        // As after a daemon restart: the old state file is still in the container, the new namespace is unmarked.
        f.marked = false;
        f.docker.calls.clear();
        Settings quick = Settings.empty().with("firewall.wait.seconds", "1");
        SandboxException e = assertThrows(SandboxException.class, () -> new UpCommand().run(f.invocation(quick)));
        assertTrue(e.getMessage().contains("recorded no state for its current network namespace (applied and marked) in 1 s"),
                e.getMessage());
        assertEquals(List.of(), f.docker.callsStarting("exec", "-i", "claude-code", "nc"));
        f.out.reset();
        assertEquals(1, new StatusCommand().run(f.invocation(quick, "--json")));
        assertTrue(f.out.toString().contains("\"mode\" : \"unknown\""), f.out.toString());
        f.marked = true;
        assertEquals(0, new UpCommand().run(f.invocation(quick)));
    }

    @Test
    void compileInputsComeFromFlagsAndAreRecordedForRefresh() throws Exception {
        Fakes f = new Fakes(root);
        Path hosts = Files.writeString(root.resolve("hosts"), "10.9.0.2 peer\n");
        new UpCommand().run(f.invocation(Settings.empty(), "--no-defaults", "--hosts", hosts.toString(),
                "--allowlist", root.resolve("a.txt").toString(), "--mode", "strict"));
        assertEquals(List.of(root.resolve("a.txt")), f.compiles.get(0).allowlists());
        assertFalse(f.compiles.get(0).includeDefaults());
        f.rulesHash = "rules-3";
        assertEquals(0, new LiveRefresh().refresh(f.invocation(Settings.empty())));
        assertEquals(f.compiles.get(0).allowlists(), f.compiles.get(1).allowlists());
        assertEquals(f.compiles.get(0).hostsFile(), f.compiles.get(1).hostsFile());
        assertEquals(List.of(), f.docker.callsStarting("run", "-d", "--name", "claude-code").subList(1, 1));
        assertTrue(f.output().contains("firewall refreshed in claude-firewall: strict"), f.output());
    }

    @Test
    void namesFollowTheContainerPrefixSetting() throws Exception {
        Fakes f = new Fakes(root);
        new UpCommand().run(f.invocation(Settings.empty().with("container.prefix", "sbx-up-t1")));
        assertTrue(f.docker.containers.keySet().containsAll(List.of("sbx-up-t1-firewall", "sbx-up-t1-code")));
        assertTrue(f.docker.networks.contains("sbx-up-t1-sandbox"));
    }
}
