package sandbox.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesetTest {

    static List<IPAddress> ips(String... texts) {
        return Arrays.stream(texts).map(t -> new IPAddressString(t).getAddress()).toList();
    }

    static String text(Ruleset ruleset, String name) {
        return new String(ruleset.files().get(name), StandardCharsets.UTF_8);
    }

    static List<String> rules(Ruleset ruleset, String name) {
        return text(ruleset, name).lines().filter(l -> !l.startsWith("#")).toList();
    }

    @Test
    void rendersTheFiveFilesOfTheFolder() {
        Ruleset ruleset = Ruleset.render(Mode.STRICT, ips("192.0.2.0/24"), ips("fd00:1::/48"));
        assertEquals(List.of("mode", "ipset.restore", "rules.v4", "rules.v6", "apply"),
                List.copyOf(ruleset.files().keySet()));
        assertEquals("strict\n", text(ruleset, "mode"));
        assertEquals(Ruleset.applyScript(), text(ruleset, "apply"));
        assertEquals(1, ruleset.v4Blocks());
        assertEquals(1, ruleset.v6Blocks());
    }

    @Test
    void ipsetRestoreBuildsNewSetsThenSwapsThemIn() {
        Ruleset ruleset = Ruleset.render(Mode.STRICT, ips("192.0.2.10", "198.51.100.0/24"), ips("fd00:1::/48"));
        assertEquals(List.of(
                "create sandbox-allow4-new hash:net family inet hashsize 64 maxelem 65536",
                "add sandbox-allow4-new 192.0.2.10/32",
                "add sandbox-allow4-new 198.51.100.0/24",
                "create sandbox-allow6-new hash:net family inet6 hashsize 64 maxelem 65536",
                "add sandbox-allow6-new fd00:1::/48",
                "swap sandbox-allow4-new sandbox-allow4",
                "swap sandbox-allow6-new sandbox-allow6",
                "destroy sandbox-allow4-new",
                "destroy sandbox-allow6-new"), rules(ruleset, "ipset.restore"));
    }

    @Test
    void emptyListsStillCreateAndSwapBothSets() {
        Ruleset ruleset = Ruleset.render(Mode.STRICT, List.of(), List.of());
        assertEquals(List.of(
                "create sandbox-allow4-new hash:net family inet hashsize 64 maxelem 65536",
                "create sandbox-allow6-new hash:net family inet6 hashsize 64 maxelem 65536",
                "swap sandbox-allow4-new sandbox-allow4",
                "swap sandbox-allow6-new sandbox-allow6",
                "destroy sandbox-allow4-new",
                "destroy sandbox-allow6-new"), rules(ruleset, "ipset.restore"));
    }

    @Test
    void strictV4RejectsEverythingNotAllowed() {
        assertEquals(List.of(
                "*filter",
                ":INPUT DROP [0:0]",
                ":FORWARD DROP [0:0]",
                ":OUTPUT DROP [0:0]",
                ":sandbox-strict - [0:0]",
                "-A INPUT -i lo -j ACCEPT",
                "-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT",
                "-A INPUT -i @OWNIF@ -s @OWNNET4@ -j ACCEPT",
                "-A OUTPUT -o lo -j ACCEPT",
                "-A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT",
                "-A OUTPUT -d @RESOLVER4@ -p udp --dport 53 -j ACCEPT",
                "-A OUTPUT -d @RESOLVER4@ -p tcp --dport 53 -j ACCEPT",
                "-A OUTPUT -d @GATEWAY4@ -p tcp -j REJECT --reject-with tcp-reset",
                "-A OUTPUT -d @GATEWAY4@ -j REJECT --reject-with icmp-admin-prohibited",
                "-A OUTPUT -o @OWNIF@ -d @OWNNET4@ -j ACCEPT",
                "-A OUTPUT -m set --match-set sandbox-allow4 dst -j ACCEPT",
                "-A OUTPUT -p tcp -j REJECT --reject-with tcp-reset",
                "-A OUTPUT -j REJECT --reject-with icmp-admin-prohibited",
                "COMMIT"), rules(Ruleset.render(Mode.STRICT, List.of(), List.of()), "rules.v4"));
    }

    @Test
    void strictV6AllowsNeighbourDiscoveryAndRejectsWithAdminProhibited() {
        assertEquals(List.of(
                "*filter",
                ":INPUT DROP [0:0]",
                ":FORWARD DROP [0:0]",
                ":OUTPUT DROP [0:0]",
                ":sandbox-strict - [0:0]",
                "-A INPUT -i lo -j ACCEPT",
                "-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT",
                "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type neighbour-solicitation -m hl --hl-eq 255 -j ACCEPT",
                "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type neighbour-advertisement -m hl --hl-eq 255 -j ACCEPT",
                "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type router-advertisement -m hl --hl-eq 255 -j ACCEPT",
                "-A INPUT -i @OWNIF@ -s @OWNNET6@ -j ACCEPT",
                "-A OUTPUT -o lo -j ACCEPT",
                "-A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT",
                "-A OUTPUT -p ipv6-icmp -m icmp6 --icmpv6-type neighbour-solicitation -m hl --hl-eq 255 -j ACCEPT",
                "-A OUTPUT -p ipv6-icmp -m icmp6 --icmpv6-type neighbour-advertisement -m hl --hl-eq 255 -j ACCEPT",
                "-A OUTPUT -p ipv6-icmp -m icmp6 --icmpv6-type router-solicitation -m hl --hl-eq 255 -j ACCEPT",
                "-A OUTPUT -d ff02::16/128 -p ipv6-icmp -m icmp6 --icmpv6-type 143 -j ACCEPT",
                "-A OUTPUT -d @RESOLVER6@ -p udp --dport 53 -j ACCEPT",
                "-A OUTPUT -d @RESOLVER6@ -p tcp --dport 53 -j ACCEPT",
                "-A OUTPUT -d @GATEWAY6@ -p tcp -j REJECT --reject-with tcp-reset",
                "-A OUTPUT -d @GATEWAY6@ -j REJECT --reject-with icmp6-adm-prohibited",
                "-A OUTPUT -o @OWNIF@ -d @OWNNET6@ -j ACCEPT",
                "-A OUTPUT -m set --match-set sandbox-allow6 dst -j ACCEPT",
                "-A OUTPUT -p tcp -j REJECT --reject-with tcp-reset",
                "-A OUTPUT -j REJECT --reject-with icmp6-adm-prohibited",
                "COMMIT"), rules(Ruleset.render(Mode.STRICT, List.of(), List.of()), "rules.v6"));
    }

    @Test
    void noBlanketSshOrDnsInStrictRules() {
        Ruleset ruleset = Ruleset.render(Mode.STRICT, ips("192.0.2.10"), List.of());
        for (String file : List.of("rules.v4", "rules.v6")) {
            for (String rule : rules(ruleset, file)) {
                assertFalse(rule.contains("--dport 22"), rule);
                assertTrue(!rule.contains("--dport 53") || rule.contains("-d @RESOLVER"), rule);
            }
        }
    }

    @Test
    void permissiveOpensEgressButStillRendersTheSetsAndInbound() {
        Ruleset ruleset = Ruleset.render(Mode.PERMISSIVE, ips("192.0.2.10"), ips("fd00::1"));
        assertEquals("permissive\n", text(ruleset, "mode"));
        assertEquals(List.of(
                "*filter",
                ":INPUT DROP [0:0]",
                ":FORWARD DROP [0:0]",
                ":OUTPUT ACCEPT [0:0]",
                ":sandbox-permissive - [0:0]",
                "-A INPUT -i lo -j ACCEPT",
                "-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT",
                "-A INPUT -i @OWNIF@ -s @OWNNET4@ -j ACCEPT",
                "COMMIT"), rules(ruleset, "rules.v4"));
        assertTrue(rules(ruleset, "ipset.restore").contains("add sandbox-allow6-new fd00::1/128"));
        assertFalse(text(ruleset, "rules.v6").contains("-A OUTPUT"));
    }

    @Test
    void refusesWrongFamilyRangesAndSlashZero() {
        assertThrows(IllegalArgumentException.class, () -> Ruleset.render(Mode.STRICT, ips("fd00::/8"), List.of()));
        assertThrows(IllegalArgumentException.class, () -> Ruleset.render(Mode.STRICT, List.of(), ips("10.0.0.0/8")));
        assertThrows(IllegalArgumentException.class, () -> Ruleset.render(Mode.STRICT, ips("10.0.0.1-3"), List.of()));
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> Ruleset.render(Mode.PERMISSIVE, ips("0.0.0.0/0"), List.of()));
        assertTrue(zero.getMessage().contains("permissive"), zero.getMessage());
    }

    @Test
    void hashIsStableAndCoversOnlyTheRuleFiles() {
        Ruleset a = Ruleset.render(Mode.STRICT, ips("192.0.2.10"), List.of());
        Ruleset b = Ruleset.render(Mode.STRICT, ips("192.0.2.10"), List.of());
        assertEquals(a.hash(), b.hash());
        assertTrue(a.hash().matches("[0-9a-f]{64}"), a.hash());
        assertEquals(a.hash(), a.withFile("manifest.json", "{}".getBytes(StandardCharsets.UTF_8)).hash());
        assertNotEquals(a.hash(), Ruleset.render(Mode.STRICT, ips("192.0.2.11"), List.of()).hash());
        assertNotEquals(a.hash(), Ruleset.render(Mode.PERMISSIVE, ips("192.0.2.10"), List.of()).hash());
    }

    @Test
    void withFileRefusesToReplaceARuleFile() {
        Ruleset ruleset = Ruleset.render(Mode.STRICT, List.of(), List.of());
        assertThrows(IllegalArgumentException.class, () -> ruleset.withFile("rules.v4", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> ruleset.withFile("../x", new byte[0]));
    }

    @Test
    void writeToNeverReplacesAFolderThatIsNotACompiledOne(@TempDir Path tmp) throws IOException {
        Path project = Files.createDirectories(tmp.resolve("p/src"));
        Files.writeString(project.resolve("Main.java"), "code");
        Ruleset ruleset = Ruleset.render(Mode.STRICT, List.of(), List.of());
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> ruleset.writeTo(tmp.resolve("p")));
        assertTrue(e.getMessage().endsWith("it is not a compiled firewall folder (choose an empty or new --out folder)"),
                e.getMessage());
        assertEquals("code", Files.readString(project.resolve("Main.java")));
        Path file = Files.writeString(tmp.resolve("notes.txt"), "keep");
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> ruleset.writeTo(file));
        assertEquals("keep", Files.readString(file));
        ruleset.writeTo(Files.createDirectories(tmp.resolve("empty")));
        assertTrue(Files.isRegularFile(tmp.resolve("empty/mode")));
    }

    @Test
    void writeToReplacesTheFolderWholeAndLeavesNoTempDirs(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("state/firewall");
        Ruleset.render(Mode.STRICT, ips("192.0.2.10"), List.of())
                .withFile("manifest.json", "{}".getBytes(StandardCharsets.UTF_8)).writeTo(dir);
        Files.writeString(dir.resolve("stray"), "left by hand");
        Ruleset.render(Mode.PERMISSIVE, List.of(), List.of()).writeTo(dir);

        assertEquals("permissive\n", Files.readString(dir.resolve("mode")));
        assertFalse(Files.exists(dir.resolve("manifest.json")));
        assertFalse(Files.exists(dir.resolve("stray")));
        assertTrue(Files.getPosixFilePermissions(dir.resolve("apply")).contains(PosixFilePermission.OWNER_EXECUTE));
        assertFalse(Files.getPosixFilePermissions(dir.resolve("rules.v4")).contains(PosixFilePermission.OWNER_EXECUTE));
        try (Stream<Path> siblings = Files.list(dir.getParent())) {
            assertEquals(List.of(dir), siblings.toList());
        }
    }

    @Test
    void hashEqualsWhatShaSumComputesOverTheWrittenFolder(@TempDir Path tmp) throws Exception {
        Ruleset ruleset = Ruleset.render(Mode.STRICT, ips("192.0.2.10", "198.51.100.0/24"), ips("fd00:1::/48"));
        ruleset.writeTo(tmp.resolve("fw"));
        Process p = new ProcessBuilder("sh", "-c",
                "cd \"$1\" && sha256sum mode ipset.restore rules.v4 rules.v6 | sha256sum | cut -d ' ' -f 1",
                "sh", tmp.resolve("fw").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor());
        assertEquals(ruleset.hash(), out);
    }

    @Test
    void applyScriptRefusesUnknownOptionsWithUsageAndPrintsHelp(@TempDir Path tmp) throws Exception {
        Path script = tmp.resolve("apply");
        Files.writeString(script, Ruleset.applyScript());
        Process bad = new ProcessBuilder("sh", script.toString(), "--bogus").redirectErrorStream(true).start();
        String out = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, bad.waitFor(), out);
        assertEquals("[sandbox-firewall] unknown option '--bogus' (usage: apply [--require-firewall] [--deny-all] [DIR])\n", out);
        Process help = new ProcessBuilder("sh", script.toString(), "--help").redirectErrorStream(true).start();
        String usage = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, help.waitFor(), usage);
        assertTrue(usage.contains("usage: apply [--require-firewall] [--deny-all] [DIR]"), usage);
    }

    @Test
    void applyScriptIsValidPosixSh(@TempDir Path tmp) throws Exception {
        Path script = tmp.resolve("apply");
        Files.writeString(script, Ruleset.applyScript());
        Process p = new ProcessBuilder("sh", "-n", script.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(Ruleset.applyScript().startsWith("#!/bin/sh\n"));
        assertTrue(Ruleset.applyScript().contains("set -eu\n"));
    }
}
