package sandbox.image.internal.deb;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sandbox.api.SandboxException;

/**
 * One package relation such as {@code libc6 (>= 2.34)} or {@code awk:any}. A field like
 * {@code Depends} is a list of alternatives lists: {@code a | b (<< 2), c}.
 */
public record Relation(String name, Optional<Op> op, Optional<DebVersion> version) {

    public enum Op {
        LT("<<"), LE("<="), EQ("="), GE(">="), GT(">>");

        final String text;

        Op(String text) {
            this.text = text;
        }

        boolean accepts(int comparison) {
            return switch (this) {
                case LT -> comparison < 0;
                case LE -> comparison <= 0;
                case EQ -> comparison == 0;
                case GE -> comparison >= 0;
                case GT -> comparison > 0;
            };
        }

        static Op parse(String s) {
            return switch (s) {
                case "<<" -> LT;
                case "<=", "<" -> LE;   // '<' and '>' are obsolete spellings of <= and >=
                case "=" -> EQ;
                case ">=", ">" -> GE;
                default -> GT;
            };
        }
    }

    private static final Pattern ONE = Pattern.compile(
            "([a-z0-9][a-z0-9+.\\-]*)(?::[a-z0-9-]+)?\\s*(?:\\(\\s*(<<|<=|>=|>>|=|<|>)\\s*([^)\\s]+)\\s*\\))?\\s*(?:\\[[^]]*])?\\s*(?:<[^>]*>)?");

    /** True when {@code candidate} (a real or provided version; empty for an unversioned Provides) satisfies this. */
    public boolean satisfiedBy(Optional<DebVersion> candidate) {
        if (op.isEmpty()) {
            return true;
        }
        return candidate.isPresent() && op.get().accepts(candidate.get().compareTo(version.orElseThrow()));
    }

    /** Parses a relationship field into AND-of-OR groups; {@code where} names the field's origin. */
    public static List<List<Relation>> parseField(String text, String where) throws SandboxException {
        List<List<Relation>> groups = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return groups;
        }
        for (String group : text.replace('\n', ' ').split(",")) {
            List<Relation> alternatives = new ArrayList<>();
            for (String alt : group.split("\\|")) {
                alternatives.add(parse(alt, where));
            }
            groups.add(List.copyOf(alternatives));
        }
        return groups;
    }

    public static Relation parse(String text, String where) throws SandboxException {
        Matcher m = ONE.matcher(text.strip());
        if (!m.matches()) {
            throw new SandboxException("bad package relation '" + text.strip() + "'", where,
                    "expected NAME[:ARCH] [(OP VERSION)]", null);
        }
        Optional<Op> op = Optional.ofNullable(m.group(2)).map(Op::parse);
        Optional<DebVersion> version = Optional.empty();
        if (m.group(3) != null) {
            version = Optional.of(DebVersion.parse(m.group(3)));
        }
        return new Relation(m.group(1), op, version);
    }

    @Override
    public String toString() {
        return name + op.map(o -> " (" + o.text + " " + version.orElseThrow() + ")").orElse("");
    }
}
