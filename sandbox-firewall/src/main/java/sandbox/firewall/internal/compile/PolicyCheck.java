package sandbox.firewall.internal.compile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import sandbox.firewall.AllowlistEntry;
import sandbox.firewall.AllowlistSyntaxException;
import sandbox.firewall.Diagnostic;
import sandbox.firewall.Mode;
import sandbox.firewall.Source;
import sandbox.firewall.internal.parse.Addresses;
import sandbox.firewall.internal.policy.Policy;

/** The policy over parsed entries: refusals become errors, the rest notes; duplicates are noted. */
public final class PolicyCheck {

    public record Result(List<AllowlistSyntaxException> errors, List<Diagnostic> diagnostics) { }

    private PolicyCheck() {
    }

    public static Result check(List<AllowlistEntry> entries, Mode mode) {
        List<AllowlistSyntaxException> errors = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        Map<String, Source> seen = new HashMap<>();
        for (AllowlistEntry e : entries) {
            String key = e instanceof AllowlistEntry.Host h ? "host " + h.name()
                    : e instanceof AllowlistEntry.Block b ? "block " + Addresses.cidr(b.address())
                    : "directive " + ((AllowlistEntry.Directive) e).kind() + " " + ((AllowlistEntry.Directive) e).arguments();
            Source first = seen.putIfAbsent(key, e.source());
            if (first != null) {
                diagnostics.add(Diagnostic.at(Diagnostic.Severity.NOTE, e.source(),
                        "'" + e.text() + "' is already listed at " + first.file() + ":" + first.line()));
            }
            if (e instanceof AllowlistEntry.Block b) {
                Policy.Verdict v = Policy.judge(b.address(), mode);
                if (v instanceof Policy.Verdict.Refused r) {
                    errors.add(new AllowlistSyntaxException(AllowlistSyntaxException.Kind.POLICY, b.source(), b.text(),
                            r.reason(), r.hint()));
                } else if (v instanceof Policy.Verdict.AllowedWithNote n) {
                    diagnostics.add(Diagnostic.at(Diagnostic.Severity.NOTE, b.source(), n.note()));
                } else if (v instanceof Policy.Verdict.AllowedWithWarning w) {
                    diagnostics.add(Diagnostic.at(Diagnostic.Severity.WARNING, b.source(), w.warning()));
                }
            }
        }
        return new Result(errors, diagnostics);
    }
}
