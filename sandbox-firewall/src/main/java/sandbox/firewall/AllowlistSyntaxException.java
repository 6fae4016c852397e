package sandbox.firewall;

import sandbox.api.SandboxException;

/**
 * An allowlist entry that cannot be compiled: what is wrong, where ({@code file:line:column}),
 * the offending text and a hint. Policy refusals (too broad, loopback …) use the same type
 * with {@link Kind#POLICY}.
 */
public final class AllowlistSyntaxException extends SandboxException {
    private static final long serialVersionUID = 1L;

    /** What kind of mistake, so tools and tests need not parse messages. */
    public enum Kind {
        WILDCARD, URL, HOST_PORT, BAD_OCTET, PREFIX_TOO_LONG, BAD_ADDRESS, BAD_HOST_NAME,
        UNKNOWN_DIRECTIVE, BAD_ARGUMENT, STRAY_CHARACTER, POLICY
    }

    private final Kind kind;
    private final transient Source source;
    private final String text;

    public AllowlistSyntaxException(Kind kind, Source source, String text, String message, String hint) {
        super(message, source.toString(), hint, null);
        this.kind = kind;
        this.source = source;
        this.text = text;
    }

    public Kind kind() {
        return kind;
    }

    public Source source() {
        return source;
    }

    /** The offending text, as written. */
    public String text() {
        return text;
    }

    public Diagnostic toDiagnostic() {
        return new Diagnostic(Diagnostic.Severity.ERROR, source.file().toString(), source.line(), source.column(),
                getMessage(), hint());
    }
}
