package sandbox.image.internal.deb;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import sandbox.api.SandboxException;

/** One binary package version offered by an archive's {@code Packages} index. */
public record Candidate(String name, DebVersion version, String architecture, String suite, String filename,
                        long size, String sha256, String depends, String preDepends, String provides) {

    /** Reads the fields the resolver and the lock need; {@code where} is {@code file:line}. */
    public static Candidate of(Stanza s, String suite, String where) throws SandboxException {
        String name = required(s, "Package", where);
        String size = required(s, "Size", where);
        try {
            return new Candidate(name, DebVersion.parse(required(s, "Version", where)),
                    required(s, "Architecture", where), suite, required(s, "Filename", where),
                    Long.parseLong(size.strip()), required(s, "SHA256", where),
                    s.get("Depends", ""), s.get("Pre-Depends", ""), s.get("Provides", ""));
        } catch (NumberFormatException e) {
            throw new SandboxException("bad Size '" + size + "' for " + name, where, null, e);
        }
    }

    private static String required(Stanza s, String field, String where) throws SandboxException {
        return s.get(field).orElseThrow(() -> new SandboxException("stanza has no " + field + " field", where,
                "is this a Debian Packages index?", null));
    }

    /** Depends and Pre-Depends together: both must hold before the package is usable. */
    public List<List<Relation>> requirements() throws SandboxException {
        String where = name + " " + version;
        List<List<Relation>> all = new ArrayList<>(Relation.parseField(preDepends, where));
        all.addAll(Relation.parseField(depends, where));
        return all;
    }

    /** What this package provides: virtual names with an optional version. */
    public List<Provided> provided() throws SandboxException {
        List<Provided> out = new ArrayList<>();
        for (List<Relation> g : Relation.parseField(provides, name + " " + version)) {
            for (Relation r : g) {
                out.add(new Provided(r.name(), r.version()));
            }
        }
        return out;
    }

    public record Provided(String name, Optional<DebVersion> version) { }
}
