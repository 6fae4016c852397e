package sandbox.firewall.internal.compile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import sandbox.firewall.CompiledAllowlist;
import sandbox.firewall.Contribution;
import sandbox.firewall.Diagnostic;
import sandbox.firewall.Mode;
import sandbox.firewall.internal.parse.Addresses;

/**
 * {@code manifest.json} and {@code provenance.json}, written with Jackson. No timestamps:
 * the same inputs give the same bytes, so the folder's hash only changes with its content.
 */
public final class Manifest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Manifest() {
    }

    public static byte[] of(CompiledAllowlist c) {
        ObjectNode root = JSON.createObjectNode();
        root.put("mode", c.mode().text());
        ArrayNode v4 = root.putArray("v4");
        c.v4Cidrs().forEach(v4::add);
        ArrayNode v6 = root.putArray("v6");
        c.v6Cidrs().forEach(v6::add);
        ObjectNode counts = root.putObject("counts");
        counts.put("v4", c.v4().size());
        counts.put("v6", c.v6().size());
        ArrayNode sources = counts.putArray("sources");
        for (CompiledAllowlist.SourceCount s : c.counts()) {
            sources.addObject().put("source", s.source()).put("entries", s.entries()).put("v4", s.v4()).put("v6", s.v6());
        }
        diagnostics(root, c.diagnostics());
        return bytes(root);
    }

    /** The manifest of a compile that was refused: the errors, and no address at all. */
    public static byte[] failed(Mode mode, List<Diagnostic> diagnostics) {
        ObjectNode root = JSON.createObjectNode();
        root.put("mode", mode.text());
        root.putArray("v4");
        root.putArray("v6");
        root.putObject("counts").put("v4", 0).put("v6", 0).putArray("sources");
        diagnostics(root, diagnostics);
        return bytes(root);
    }

    public static byte[] provenance(CompiledAllowlist c) {
        ObjectNode root = JSON.createObjectNode();
        root.put("mode", c.mode().text());
        ArrayNode list = root.putArray("contributions");
        for (Contribution x : c.contributions()) {
            list.addObject().put("block", Addresses.cidr(x.block())).put("origin", x.origin())
                    .put("source", x.source().file().toString()).put("line", x.source().line())
                    .put("entry", x.entry()).put("via", x.via());
        }
        return bytes(root);
    }

    private static void diagnostics(ObjectNode root, List<Diagnostic> all) {
        ArrayNode warnings = root.putArray("warnings");
        ArrayNode notes = root.putArray("notes");
        ArrayNode errors = root.putArray("errors");
        for (Diagnostic d : all) {
            ArrayNode target = switch (d.severity()) {
                case ERROR -> errors;
                case WARNING -> warnings;
                case NOTE -> notes;
            };
            ObjectNode o = target.addObject().put("source", d.source()).put("line", d.line());
            if (d.column() > 0) {
                o.put("column", d.column());
            }
            o.put("message", d.message());
            d.hint().ifPresent(h -> o.put("hint", h));
        }
    }

    private static byte[] bytes(ObjectNode root) {
        try {
            return (JSON.writeValueAsString(root) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
