package io.dataplug.core.gzip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.core.testing.ExternalTools;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints from an existing BGZF {@code .gzi} index, without scanning the data. */
class GziTest {

    @Test
    void fromBgzipIndex(@TempDir Path dir) throws Exception {
        ExternalTools.require("bgzip");
        byte[] data = GzipTestData.fastq(41, 900_000);
        Path in = dir.resolve("reads.fastq");
        Files.write(in, data);
        Path gzPath = dir.resolve("reads.fastq.gz");
        Path gziPath = dir.resolve("reads.fastq.gz.gzi");
        ExternalTools.run(dir, gzPath, "bgzip", "-i", "-I", gziPath.toString(), "-c", in.toString());
        byte[] gz = Files.readAllBytes(gzPath);
        byte[] gzi = Files.readAllBytes(gziPath);

        List<Gzi.Entry> entries = Gzi.read(gzi);
        assertThat(entries.get(0)).isEqualTo(new Gzi.Entry(0, 0));
        assertThat(Gzi.write(entries)).isEqualTo(gzi);
        Gzi.Entry last = entries.get(entries.size() - 1);
        long total = Gzi.uncompressedSize(last, new ByteArrayInputStream(gz, (int) last.compressedOffset(), gz.length));
        assertThat(total).isEqualTo(data.length);

        GzipIndex index = Gzi.toIndex(entries, 100_000, gz.length, total);
        assertThat(index.bgzf()).isTrue();
        assertThat(index.checkpoints().size()).isGreaterThan(5);
        // the same member starts a scan finds
        GzipIndex scanned = GzipIndexer.builder().span(100_000).build().index(new ByteArrayInputStream(gz)).index();
        assertThat(index.checkpoints()).isEqualTo(scanned.checkpoints());
        for (Checkpoint cp : index.checkpoints()) {
            assertThat(cp.memberStart()).isTrue();
            byte[] got = GzipTestData.readAll(GzipResume.open(cp, null,
                    new ByteArrayInputStream(gz, (int) cp.compressedOffset(), gz.length)));
            assertThat(got).isEqualTo(Arrays.copyOfRange(data, (int) cp.uncompressedOffset(), data.length));
        }
    }

    @Test
    void corruptGzi() {
        assertThatThrownBy(() -> Gzi.read(new byte[3])).isInstanceOf(IOException.class);
        byte[] wrongCount = Gzi.write(List.of(new Gzi.Entry(10, 100)));
        wrongCount[0] = 2;
        assertThatThrownBy(() -> Gzi.read(wrongCount)).isInstanceOf(IOException.class);
        byte[] unordered = Gzi.write(List.of(new Gzi.Entry(10, 100), new Gzi.Entry(5, 200)));
        assertThatThrownBy(() -> Gzi.read(unordered)).hasMessageContaining("order");
    }
}
