package sandbox.firewall.internal.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import sandbox.firewall.AllowlistEntry.Directive;
import sandbox.firewall.AllowlistEntry;
import sandbox.firewall.AllowlistSyntaxException.Kind;
import sandbox.firewall.AllowlistSyntaxException;
import sandbox.firewall.Source;
import sandbox.firewall.internal.files.Excerpt;

/** {@code @name [argument…]}: checks the name and the shape of each argument. */
final class DirectiveParser {

    record Argument(String text, Source source) { }

    /** GitHub's /meta keys are lower-case words with underscores. */
    private static final Pattern META_KEY = Pattern.compile("[a-z0-9_]+");
    /** AWS region names ({@code eu-west-1}) and {@code GLOBAL}. */
    private static final Pattern REGION = Pattern.compile("[A-Za-z0-9-]+");

    static final List<String> DEFAULT_META_KEYS = List.of("web", "api", "git");

    private DirectiveParser() {
    }

    static Directive parse(String word, List<Argument> args, Source at) throws AllowlistSyntaxException {
        String text = Stream.concat(Stream.of(word), args.stream().map(Argument::text)).collect(Collectors.joining(" "));
        AllowlistEntry.Kind kind = AllowlistEntry.Kind.byWord(word.substring(1)).orElseThrow(() ->
                new AllowlistSyntaxException(Kind.UNKNOWN_DIRECTIVE, at, word, "unknown directive " + Excerpt.quote(word),
                        "known directives: " + known()));
        List<String> values = new ArrayList<>();
        switch (kind) {
            case GITHUB_META -> {
                for (Argument a : args) {
                    if (!META_KEY.matcher(a.text()).matches()) {
                        throw new AllowlistSyntaxException(Kind.BAD_ARGUMENT, a.source(), a.text(),
                                Excerpt.quote(a.text()) + " is not a key of GitHub's meta feed",
                                "keys are lower-case words such as web, api, git, packages, actions");
                    }
                    values.add(a.text());
                }
                if (values.isEmpty()) {
                    values.addAll(DEFAULT_META_KEYS);
                }
            }
            case AWS_IP_RANGES -> {
                for (Argument a : args) {
                    if (!REGION.matcher(a.text()).matches()) {
                        throw new AllowlistSyntaxException(Kind.BAD_ARGUMENT, a.source(), a.text(),
                                Excerpt.quote(a.text()) + " is not an AWS region name", "write regions such as us-east-1 eu-west-1");
                    }
                    values.add(a.text().equalsIgnoreCase("GLOBAL") ? "GLOBAL" : a.text().toLowerCase(Locale.ROOT));
                }
            }
            case NPM_REGISTRY, PIP_INDEX -> {
                if (!args.isEmpty()) {
                    Argument a = args.get(0);
                    throw new AllowlistSyntaxException(Kind.BAD_ARGUMENT, a.source(), a.text(),
                            word + " takes no arguments",
                            kind == AllowlistEntry.Kind.NPM_REGISTRY
                                    ? "the host comes from npm's configuration (NPM_CONFIG_REGISTRY, .npmrc registry=) or SANDBOX_NPM_REGISTRY"
                                    : "the host comes from pip's configuration (PIP_INDEX_URL, pip.conf index-url) or SANDBOX_PIP_INDEX");
                }
            }
            default -> throw new IllegalStateException(kind.toString());
        }
        return new Directive(kind, values, text, at);
    }

    private static String known() {
        return Stream.of(AllowlistEntry.Kind.values()).map(k -> "@" + k.word()).collect(Collectors.joining(", "));
    }
}
