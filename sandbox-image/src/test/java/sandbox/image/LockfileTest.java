package sandbox.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.api.SandboxException;

class LockfileTest {

    @TempDir
    Path tmp;

    static Lockfile sample(boolean reversed) {
        List<DebianPackage> debs = List.of(
                new DebianPackage("zsh", "5.9-4+b15", "amd64", "bookworm", "pool/main/z/zsh/zsh_5.9-4+b15_amd64.deb", 10, "aa"),
                new DebianPackage("ipset", "7.17-1", "amd64", "bookworm", "pool/main/i/ipset/ipset_7.17-1_amd64.deb", 20, "bb"));
        List<NpmPackage> npm = List.of(new NpmPackage("n", "10.2.0", "n/-/n-10.2.0.tgz", "sha512-xx"));
        TreeMap<String, PlatformLock> platforms = new TreeMap<>(Map.of("amd64",
                new PlatformLock(reversed ? List.of(debs.get(1), debs.get(0)) : debs, npm)));
        return new Lockfile(1, new LockedBase("tar:///b.tar", "sha256:cc", "debian", "bookworm", "dd",
                List.of(new LockedBase.Installed("libc6", "2.36-9"))), List.of("bookworm"), platforms);
    }

    @Test
    void writesSortedStableJson() {
        assertEquals("""
                {
                  "base" : {
                    "digest" : "sha256:cc",
                    "distribution" : "debian",
                    "dpkgStatus" : "dd",
                    "packages" : [
                      {
                        "name" : "libc6",
                        "version" : "2.36-9"
                      }
                    ],
                    "reference" : "tar:///b.tar",
                    "release" : "bookworm"
                  },
                  "lockVersion" : 1,
                  "platforms" : {
                    "amd64" : {
                      "debian" : [
                        {
                          "architecture" : "amd64",
                          "filename" : "pool/main/i/ipset/ipset_7.17-1_amd64.deb",
                          "name" : "ipset",
                          "sha256" : "bb",
                          "size" : 20,
                          "suite" : "bookworm",
                          "version" : "7.17-1"
                        },
                        {
                          "architecture" : "amd64",
                          "filename" : "pool/main/z/zsh/zsh_5.9-4+b15_amd64.deb",
                          "name" : "zsh",
                          "sha256" : "aa",
                          "size" : 10,
                          "suite" : "bookworm",
                          "version" : "5.9-4+b15"
                        }
                      ],
                      "npm" : [
                        {
                          "integrity" : "sha512-xx",
                          "name" : "n",
                          "tarball" : "n/-/n-10.2.0.tgz",
                          "version" : "10.2.0"
                        }
                      ]
                    }
                  },
                  "suites" : [
                    "bookworm"
                  ]
                }
                """, sample(false).toJson());
        assertEquals(sample(false).toJson(), sample(true).toJson());
    }

    @Test
    void roundTripsThroughAnAtomicWrite() throws SandboxException, java.io.IOException {
        Path file = tmp.resolve("config/sandbox.lock");
        sample(false).write(file);
        assertEquals(sample(false), Lockfile.read(file));
        try (var s = Files.list(file.getParent())) {
            assertEquals(List.of(file), s.toList());
        }
    }

    @Test
    void refusesAnUnknownFieldWithTheFile() throws Exception {
        Path file = tmp.resolve("sandbox.lock");
        Files.writeString(file, sample(false).toJson().replace("\"lockVersion\"", "\"lockVersoin\""));
        SandboxException e = assertThrows(SandboxException.class, () -> Lockfile.read(file));
        assertEquals(file.toString(), e.where().orElseThrow());
    }
}
