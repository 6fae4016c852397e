/** Daemonless, reproducible sandbox images with Jib. */
module sandbox.image {
    requires sandbox.api;
    // jib-core is an automatic module and does not pull its explicit-module dependencies
    // into the graph, so this module requires them itself (TESTING.md, JPMS + Jib facts).
    requires com.google.cloud.tools.jib;
    requires com.google.cloud.tools.jib.api.buildplan;
    requires org.apache.commons.compress;
    requires org.apache.commons.exec;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires com.google.common;
    requires org.slf4j;
    // Locked packages: OpenPGP for Debian's signed InRelease, xz for Packages.xz and
    // data.tar.xz (commons-compress only requires it statically), processes via commons-exec.
    requires org.bouncycastle.pg;
    requires org.bouncycastle.provider;
    requires org.tukaani.xz;
    requires java.net.http;

    exports sandbox.image;

    provides sandbox.api.Command with sandbox.image.internal.cli.BuildCommand,
            sandbox.image.internal.cli.ImageCommand,
            sandbox.image.internal.cli.LockCommand;
    provides sandbox.api.ImageService with sandbox.image.internal.DefaultImageService;
    provides sandbox.api.SettingKeys with sandbox.image.internal.ImageSettingKeys;
}
