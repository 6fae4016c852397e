package sandbox.firewall.internal.compile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sandbox.firewall.AllowlistEntry;
import sandbox.firewall.AllowlistSyntaxException;
import sandbox.firewall.Diagnostic;
import sandbox.firewall.Mode;
import sandbox.firewall.Source;
import sandbox.firewall.internal.files.Excerpt;
import sandbox.firewall.internal.parse.Addresses;
import sandbox.firewall.internal.policy.Policy;

/** The policy over parsed entries: refusals become errors, the rest notes; duplicates are noted. */
public final class PolicyCheck {

    public record Result(List<AllowlistSyntaxException> errors, List<Diagnostic> diagnostics) { }

    /** Entries in the same noted range of one file share one note (a LAN list of 50 hosts gets one). */
    private static final class Noted {
        final AllowlistEntry.Block first;
        final String note;
        int count;

        Noted(AllowlistEntry.Block first, String note) {
            this.first = first;
            this.note = note;
        }
    }

    private PolicyCheck() {
    }

    public static Result check(List<AllowlistEntry> entries, Mode mode) {
        List<AllowlistSyntaxException> errors = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        Map<Object, Source> seen = new HashMap<>();
        Map<Path, Map<String, Noted>> noted = new LinkedHashMap<>();
        for (AllowlistEntry e : entries) {
            Object key = e instanceof AllowlistEntry.Host h ? h.name()
                    : e instanceof AllowlistEntry.Block b ? b.address()
                    : List.of(((AllowlistEntry.Directive) e).kind(), ((AllowlistEntry.Directive) e).arguments());
            Source first = seen.putIfAbsent(key, e.source());
            if (first != null) {
                diagnostics.add(Diagnostic.at(Diagnostic.Severity.NOTE, e.source(),
                        Excerpt.quote(e.text()) + " is already listed at " + first.file() + ":" + first.line()));
            }
            if (e instanceof AllowlistEntry.Block b) {
                Policy.Verdict v = Policy.judge(b.address(), mode);
                if (v instanceof Policy.Verdict.Refused r) {
                    errors.add(new AllowlistSyntaxException(AllowlistSyntaxException.Kind.POLICY, b.source(), b.text(),
                            r.reason(), r.hint()));
                } else if (v instanceof Policy.Verdict.AllowedWithNote n) {
                    noted.computeIfAbsent(b.source().file(), k -> new LinkedHashMap<>())
                            .computeIfAbsent(n.note(), k -> new Noted(b, n.note())).count++;
                } else if (v instanceof Policy.Verdict.AllowedWithWarning w) {
                    diagnostics.add(Diagnostic.at(Diagnostic.Severity.WARNING, b.source(), w.warning()));
                }
            }
        }
        for (Noted n : noted.values().stream().flatMap(m -> m.values().stream()).toList()) {
            String which = n.count == 1 ? Addresses.cidr(n.first.address()) + " is"
                    : Excerpt.quote(n.first.text()) + " and " + (n.count - 1) + " more entries of this file are";
            diagnostics.add(Diagnostic.at(Diagnostic.Severity.NOTE, n.first.source(), which + " in " + n.note));
        }
        return new Result(errors, diagnostics);
    }
}
