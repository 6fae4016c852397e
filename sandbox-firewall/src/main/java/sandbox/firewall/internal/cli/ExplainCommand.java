package sandbox.firewall.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import sandbox.api.Arguments;
import sandbox.api.CommandGroup;
import sandbox.api.Invocation;
import sandbox.api.SandboxException;
import sandbox.api.UsageException;
import sandbox.firewall.Allowlist;
import sandbox.firewall.AllowlistEntry;
import sandbox.firewall.Resolver;
import sandbox.firewall.internal.parse.Addresses;
import sandbox.firewall.internal.resolve.HostResolution;
import sandbox.firewall.internal.service.CompileOptions;
import sandbox.firewall.internal.service.FirewallPipeline;

/**
 * {@code sandbox firewall explain ADDRESS|HOST}: which entries of the compiled folder allow
 * it, read from its {@code provenance.json} — what was compiled, not what the lists say now.
 */
final class ExplainCommand implements CommandGroup.Subcommand {

    private record Row(IPAddress block, String source, int line, String entry, String via) { }

    private final Map<String, String> environment;

    ExplainCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String name() {
        return "explain";
    }

    @Override
    public String summary() {
        return "say which allowlist entries allow an address or host (exit 1 when none)";
    }

    @Override
    public String usage() {
        return """
                Usage: sandbox firewall explain [--out DIR] [--hosts FILE] ADDRESS|HOST

                Reads the compiled folder (default .sandbox/firewall/) and prints the entries that
                allow ADDRESS, with file:line, or "not allowed". A HOST is resolved now (A and AAAA;
                from --hosts FILE or the setting firewall.hosts when given) and each address is
                explained. Exit 0 when allowed, 1 when not (or only partly) allowed.
                """;
    }

    @Override
    public int run(Invocation inv) throws SandboxException {
        Arguments a = Arguments.parse(inv.args(), Set.of(), Set.of("--out", "--hosts")).atMostPositionals(1);
        if (a.positionals().isEmpty()) {
            throw new UsageException("explain needs an ADDRESS or a HOST", "e.g. sandbox firewall explain github.com");
        }
        String target = a.positionals().get(0);
        Optional<IPAddress> address = address(target);
        String host = address.isPresent() ? "" : hostName(target);
        Path dir = a.value("--out").map(Path::of).orElse(inv.project().firewallDir());
        String mode = read(dir.resolve(FirewallPipeline.MANIFEST), inv).path("mode").asText("strict");
        List<Row> rows = rows(read(dir.resolve(FirewallPipeline.PROVENANCE), inv));
        PrintStream out = inv.console().out();
        boolean allowed;
        if (address.isPresent()) {
            allowed = explain(address.get(), rows, mode, out);
        } else {
            rows.stream().filter(r -> r.via().equals(host) || r.via().startsWith(host + " (from "))
                    .map(r -> r.source() + ":" + r.line()).distinct()
                    .forEach(where -> out.println(host + " is listed at " + where));
            CompileOptions o = new CompileOptions(inv.project(), inv.settings(), environment, List.of(), false,
                    a.value("--hosts").map(Path::of), Optional.empty(), sandbox.firewall.Mode.STRICT, dir);
            Resolver resolver = FirewallPipeline.resolver(o);
            HostResolution.Outcome outcome = HostResolution.resolve(List.of(host), resolver, Duration.ofSeconds(5), 2);
            List<IPAddress> addresses = outcome.of(host);
            if (addresses.isEmpty()) {
                out.println(host + " " + outcome.problem(host).orElse("has no address") + " (" + resolver + "): not allowed");
                return 1;
            }
            int yes = 0;
            for (IPAddress x : addresses) {
                yes += explain(x, rows, mode, out) ? 1 : 0;
            }
            allowed = yes == addresses.size();
            out.println(host + ": " + yes + " of " + addresses.size() + " addresses allowed");
        }
        if (mode.equals("permissive")) {
            out.println("note: the compiled mode is permissive: egress is open to every address");
        }
        return allowed ? 0 : 1;
    }

    private static boolean explain(IPAddress address, List<Row> rows, String mode, PrintStream out) {
        List<Row> why = rows.stream().filter(r -> r.block().getIPVersion() == address.getIPVersion() && r.block().contains(address))
                .toList();
        String text = address.toCanonicalString();
        if (why.isEmpty()) {
            out.println(text + " is not allowed (" + mode + "): no entry covers it");
            return false;
        }
        out.println(text + " is allowed (" + mode + ") by:");
        for (Row r : why) {
            out.println("  " + r.source() + ":" + r.line() + "  " + r.entry() + "  (" + Addresses.cidr(r.block())
                    + (r.via().equals("literal") ? "" : " via " + r.via()) + ")");
        }
        return true;
    }

    private static Optional<IPAddress> address(String text) {
        try {
            return Optional.of(Addresses.normalize(Addresses.parse(text)));
        } catch (AddressStringException e) {
            return Optional.empty();
        }
    }

    /** The argument checked exactly like an allowlist line, so the same mistakes get the same message. */
    private static String hostName(String text) throws SandboxException {
        Allowlist one = Allowlist.parseText("argument", text);
        if (!one.errors().isEmpty()) {
            throw new UsageException(one.errors().get(0).getMessage(), one.errors().get(0).hint().orElse("give an address or a host name"));
        }
        if (one.entries().size() != 1 || !(one.entries().get(0) instanceof AllowlistEntry.Host h)) {
            throw new UsageException("'" + text + "' is not an address or a host name", "e.g. 192.0.2.7 or github.com");
        }
        return h.name();
    }

    private static List<Row> rows(JsonNode provenance) throws SandboxException {
        List<Row> rows = new ArrayList<>();
        for (JsonNode c : provenance.path("contributions")) {
            try {
                rows.add(new Row(Addresses.parse(c.path("block").asText()), c.path("source").asText(), c.path("line").asInt(),
                        c.path("entry").asText(), c.path("via").asText()));
            } catch (AddressStringException e) {
                throw new SandboxException("provenance.json holds a bad block '" + c.path("block").asText() + "'", null,
                        "run 'sandbox firewall compile' again", e);
            }
        }
        return rows;
    }

    private static JsonNode read(Path file, Invocation inv) throws SandboxException {
        try {
            return new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new SandboxException("no compiled firewall here", inv.project().display(file),
                    "run 'sandbox firewall compile' first", e);
        } catch (IOException e) {
            throw new SandboxException("cannot read " + file.getFileName() + ": " + e.getMessage(), inv.project().display(file),
                    "run 'sandbox firewall compile' again", e);
        }
    }
}
