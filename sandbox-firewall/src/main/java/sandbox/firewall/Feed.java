package sandbox.firewall;

import java.net.URI;

/** The published address feeds the language can refer to, in their publishers' formats. */
public enum Feed {
    /** GitHub's {@code /meta}: an object of key → list of CIDRs. */
    GITHUB_META("github-meta", "github-meta.json", URI.create("https://api.github.com/meta")),
    /** AWS's {@code ip-ranges.json}: {@code prefixes[]} and {@code ipv6_prefixes[]} with region and service. */
    AWS_IP_RANGES("aws-ip-ranges", "aws-ip-ranges.json", URI.create("https://ip-ranges.amazonaws.com/ip-ranges.json"));

    private final String word;
    private final String fileName;
    private final URI defaultUrl;

    Feed(String word, String fileName, URI defaultUrl) {
        this.word = word;
        this.fileName = fileName;
        this.defaultUrl = defaultUrl;
    }

    /** The name used in messages and the manifest ({@code github-meta}). */
    public String word() {
        return word;
    }

    /** The file name in a {@code --feeds} folder and in the cache. */
    public String fileName() {
        return fileName;
    }

    /** Where the publisher serves it. */
    public URI defaultUrl() {
        return defaultUrl;
    }
}
