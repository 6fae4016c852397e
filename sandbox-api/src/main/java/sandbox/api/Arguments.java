package sandbox.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A command's arguments parsed against the options it declares. Options take the forms
 * {@code --name VALUE}, {@code --name=VALUE} or a bare {@code --flag}; anything after
 * {@code --} is positional. An undeclared option or a missing value is a
 * {@link UsageException} (exit 2).
 *
 * <pre>{@code
 * Arguments a = Arguments.parse(args, Set.of("--json", "--no-defaults"), Set.of("--out", "--allowlist"));
 * List<String> lists = a.values("--allowlist");
 * }</pre>
 */
public final class Arguments {

    private final Map<String, List<String>> values;
    private final Set<String> flags;
    private final List<String> positionals;

    private Arguments(Map<String, List<String>> values, Set<String> flags, List<String> positionals) {
        this.values = values;
        this.flags = flags;
        this.positionals = List.copyOf(positionals);
    }

    public static Arguments parse(List<String> args, Set<String> flagNames, Set<String> valueNames)
            throws UsageException {
        Map<String, List<String>> values = new LinkedHashMap<>();
        Set<String> flags = new HashSet<>();
        List<String> positionals = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                positionals.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!a.startsWith("-") || a.equals("-")) {
                positionals.add(a);
                continue;
            }
            int eq = a.indexOf('=');
            String name = eq > 0 ? a.substring(0, eq) : a;
            if (flagNames.contains(name) && eq < 0) {
                flags.add(name);
            } else if (valueNames.contains(name)) {
                String value;
                if (eq > 0) {
                    value = a.substring(eq + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException("option " + name + " needs a value");
                }
                values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                throw new UsageException("unknown option '" + name + "'", "see --help for the options");
            }
        }
        return new Arguments(values, flags, positionals);
    }

    public boolean has(String flag) {
        return flags.contains(flag);
    }

    /** The last value given for {@code name}. */
    public Optional<String> value(String name) {
        List<String> v = values.getOrDefault(name, List.of());
        return v.isEmpty() ? Optional.empty() : Optional.of(v.get(v.size() - 1));
    }

    /** Every value given for a repeatable option, in order. */
    public List<String> values(String name) {
        return List.copyOf(values.getOrDefault(name, List.of()));
    }

    public List<String> positionals() {
        return positionals;
    }

    /** Fails with a usage error when there are more positionals than {@code max}. */
    public Arguments atMostPositionals(int max) throws UsageException {
        if (positionals.size() > max) {
            throw new UsageException("unexpected argument '" + positionals.get(max) + "'", "see --help");
        }
        return this;
    }
}
