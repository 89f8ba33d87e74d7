package io.dataplug.core.formats.lidar;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.testing.SharedFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Our LAZ building blocks against files LASzip wrote: the chunk table decodes and re-encodes to the very
 * bytes LASzip wrote, and every chunk decoded alone gives laz-perf's records.
 */
class LazCodecTest {

    static LasLayout layout(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return LasLayout.read((s, e) -> read(file, s, e), file.toString(), size);
    }

    static byte[] read(Path file, long start, long end) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            byte[] b = new byte[(int) (end - start)];
            f.seek(start);
            f.readFully(b);
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"laspy-simple.laz", "laspy-autzen_trim.laz", "laspy-1_4_w_evlr.laz", "laspy-plane.laz",
            "copcjs-ellipsoid.laz", "copcjs-ellipsoid-1.4.laz", "copcjs-ellipsoid.copc.laz", "laspy-simple.copc.laz"})
    void chunkTableReencodesToLaszipsBytesAndChunksDecodeToLazPerfsRecords(String name) {
        Path file = SharedFixtures.require("lidar/" + name);
        LasLayout l = layout(file);
        ChunkTable t = l.chunks();
        long[] bytes = new long[t.chunks()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = t.bytes(i);
        }
        byte[] encoded = ChunkTable.encode(t.points(), bytes, l.laszip().variableChunks());
        long tableAt = t.starts()[t.chunks()];
        byte[] original = read(file, tableAt, Math.min(tableAt + encoded.length, sizeOf(file)));
        assertThat(encoded).as("chunk table of " + name).startsWith(Arrays.copyOf(original, Math.min(original.length, encoded.length - 3)));
        ChunkTable again = ChunkTable.decode(encoded, tableAt, t.starts()[0], l.laszip(), l.header().pointCount(), name);
        assertThat(again.starts()).containsExactly(t.starts());
        assertThat(again.points()).containsExactly(t.points());

        LazPerf.require();
        LazChunkDecoder dec = new LazChunkDecoder(l.laszip(), l.header().recordLength());
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < t.chunks(); i++) {
            byte[] chunk = read(file, t.starts()[i], t.starts()[i + 1]);
            all.writeBytes(dec.decode(chunk, chunk.length, t.points()[i], name, t.starts()[i]));
        }
        assertThat(all.toByteArray()).isEqualTo(LazPerf.decode(file).records());
    }

    @Test
    void randomTablesRoundTrip() {
        Random r = new Random(7);
        for (int round = 0; round < 200; round++) {
            int n = r.nextInt(40);
            long[] points = new long[n];
            long[] bytes = new long[n];
            long[] starts = new long[n + 1];
            starts[0] = 1000;
            for (int i = 0; i < n; i++) {
                points[i] = round % 3 == 0 ? 1 + r.nextInt(3) : 1 + r.nextInt(round % 2 == 0 ? 60_000 : Integer.MAX_VALUE / 64);
                bytes[i] = 1 + (round % 5 == 0 ? r.nextInt(10) : r.nextInt(Integer.MAX_VALUE / 64));
                starts[i + 1] = starts[i] + bytes[i];
            }
            byte[] enc = ChunkTable.encode(points, bytes, true);
            LaszipVlr variable = new LaszipVlr(2, 0, LaszipVlr.VARIABLE, java.util.List.of());
            ChunkTable t = ChunkTable.decode(enc, starts[n], 1000, variable, Arrays.stream(points).sum(), "mem");
            assertThat(t.points()).containsExactly(points);
            assertThat(t.starts()).containsExactly(starts);
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
