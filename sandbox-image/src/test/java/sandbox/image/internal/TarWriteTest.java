package sandbox.image.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.DockerDaemonImage;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sandbox.image.TestImages;

/** The tar target's own writer gives, byte for byte, the file Jib's TarImage gives. */
class TarWriteTest {

    @TempDir
    Path dir;

    private JibContainerBuilder image(Path base) throws Exception {
        Path content = Files.writeString(dir.resolve("hello"), "hello\n");
        return Jib.from(new TarBase(base), DockerDaemonImage.named(TarBase.reference()))
                .setCreationTime(Instant.EPOCH)
                .addLayer(List.of(content), AbsoluteUnixPath.get("/etc"));
    }

    @Test
    void writesExactlyTheTarJibWrites() throws Exception {
        Path base = TestImages.minimalBase(Files.createDirectories(dir.resolve("base")), "tarwrite");
        Path ours = dir.resolve("ours.tar");
        Path jibs = dir.resolve("jibs.tar");
        JibContainer a = image(base).containerize(cached(Containerizer.to(
                new TarWrite(ours, "sbx-img-tarwrite:1", "linux/amd64"), DockerDaemonImage.named("sbx-img-tarwrite:1"))));
        JibContainer b = image(base).containerize(cached(Containerizer.to(TarImage.at(jibs).named("sbx-img-tarwrite:1"))));
        assertEquals(b.getDigest(), a.getDigest());
        assertEquals(b.getImageId(), a.getImageId());
        assertTrue(Files.size(ours) > 2048);
        assertEquals(-1, Files.mismatch(ours, jibs), "the two tar files differ");
        assertEquals("NAME=tarwrite\n", new String(TestImages.read(ours).find("/etc/os-release").orElseThrow().content()));
    }

    private Containerizer cached(Containerizer c) {
        return c.setBaseImageLayersCache(dir.resolve("cache/base")).setApplicationLayersCache(dir.resolve("cache/app"));
    }
}
