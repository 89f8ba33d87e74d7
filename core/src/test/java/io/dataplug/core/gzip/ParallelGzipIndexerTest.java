package io.dataplug.core.gzip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.core.testing.RequiresTools;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * The index from k ranges decoded in parallel equals the sequential one byte for byte, and resuming at its
 * checkpoints gives what {@code gzip -dc} gives. Every case also asserts the parallel path was taken (not the
 * sequential fallback), except where the fallback is the point.
 */
@RequiresTools({"gzip", "pigz"})
class ParallelGzipIndexerTest {

    private static final long SPAN = 256 << 10;

    @Test
    void gzipLevelsAndPigz() throws IOException {
        byte[] fastq = GzipTestData.fastq(1, 3_000_000);
        for (String[] cmd : List.of(new String[] {"gzip", "-1", "-c"}, new String[] {"gzip", "-6", "-c"},
                new String[] {"gzip", "-9", "-c"}, new String[] {"pigz", "-c", "-p", "2"})) {
            byte[] gz = GzipTestData.pipe(fastq, cmd);
            for (int k : new int[] {2, 3, 7}) {
                same(gz, k, String.join(" ", cmd) + " k=" + k, true);
            }
        }
    }

    @Test
    void multiMember() throws IOException {
        byte[] data = GzipTestData.mixed(2, 2_000_000);
        byte[] gz = GzipTestData.multiMember(GzipTestData.pieces(data, 3));
        same(gz, 5, "multi-member", true);
    }

    @Test
    void storedBlocksAndIncompressibleData() throws IOException {
        byte[] random = GzipTestData.random(4, 1_500_000);
        same(GzipTestData.pipe(random, "gzip", "-6", "-c"), 4, "random data (stored blocks) from gzip", true);
        byte[] stored = GzipTestData.deflaterGzip(GzipTestData.fastq(5, 1_000_000), 0, Deflater.DEFAULT_STRATEGY,
                70_000, Deflater.NO_FLUSH);
        same(stored, 4, "level 0 (stored only)", true);
    }

    @Test
    void backReferencesAcrossEveryRangeBoundary() throws IOException {
        // a 31 KiB random block repeated with 2% of its bytes changed each time: most matches reach ~31 KiB back,
        // so placeholders never die out and whole ranges are decoded with them
        byte[] unit = GzipTestData.random(6, 31 * 1024);
        SplittableRandom rnd = new SplittableRandom(6);
        byte[] data = new byte[unit.length * 70];
        for (int i = 0; i < 70; i++) {
            for (int j = 0; j < unit.length / 50; j++) {
                unit[rnd.nextInt(unit.length)] = (byte) rnd.nextInt(256);
            }
            System.arraycopy(unit, 0, data, i * unit.length, unit.length);
        }
        byte[] gz = GzipTestData.pipe(data, "gzip", "-9", "-c");
        same(gz, 3, "long back-references", true);
        byte[] rep = GzipTestData.pipe(GzipTestData.repetitive(7, 2_000_000), "gzip", "-6", "-c");
        // compresses into a few huge blocks: most ranges have no start; the index must still be the sequential one
        same(rep, 4, "repetitive", false);
    }

    @Test
    void rangesWithoutABlockStart() throws IOException {
        byte[] gz = GzipTestData.pipe(GzipTestData.fastq(8, 600_000), "gzip", "-6", "-c");
        // far more ranges than deflate blocks: most ranges hold no block start and the one before decodes them
        same(gz, 40, "40 ranges", true);
        // fixed-Huffman blocks only (small flushes): never searched for, so one range decodes everything
        byte[] fixed = GzipTestData.deflaterGzip(GzipTestData.fastq(9, 200_000), 6, Deflater.DEFAULT_STRATEGY, 200,
                Deflater.NO_FLUSH);
        same(fixed, 4, "small blocks", false);
    }

    @Test
    void outputArraysReusedByLaterBuildsNeverLeakIntoTheirIndex() throws Exception {
        // ranges over 1 MiB compressed decode into arrays large enough to be kept for the next build (OutputArrays)
        byte[] big = GzipTestData.pipe(GzipTestData.fastq(21, 12_000_000), "gzip", "-6", "-c");
        byte[] other = GzipTestData.pipe(GzipTestData.fastq(22, 9_000_000), "gzip", "-1", "-c");
        same(big, 2, "first build", true);
        same(other, 2, "a smaller object in the larger arrays left by the first", true);
        same(big, 3, "three ranges in arrays of two", true);
        // two builds at once never share an array
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> both = List.of(
                    callers.submit(() -> {
                        same(big, 2, "concurrent build of the first object", true);
                        return null;
                    }),
                    callers.submit(() -> {
                        same(other, 2, "concurrent build of the second object", true);
                        return null;
                    }));
            for (Future<?> f : both) {
                f.get();
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void rangesTileTheObjectWithALongerFirstRange() {
        for (long size : new long[] {0, 1, 2, 3, 7, 1000, 19_349_717}) {
            for (int ranges = 2; ranges <= 9; ranges++) {
                assertThat(ParallelGzipIndexer.boundary(size, ranges, 0)).isZero();
                assertThat(ParallelGzipIndexer.boundary(size, ranges, ranges)).isEqualTo(size);
                for (int i = 0; i < ranges; i++) {
                    assertThat(ParallelGzipIndexer.boundary(size, ranges, i + 1))
                            .as("size %d, range %d of %d", size, i, ranges)
                            .isGreaterThanOrEqualTo(ParallelGzipIndexer.boundary(size, ranges, i));
                }
                if (size >= 1000) {
                    long first = ParallelGzipIndexer.boundary(size, ranges, 1);
                    long second = ParallelGzipIndexer.boundary(size, ranges, 2) - first;
                    assertThat(first).as("size %d, %d ranges", size, ranges).isGreaterThan(second);
                }
            }
        }
    }

    @Test
    void theFirstRangeStopsWhereTheNextStartIsFoundOrDecodesAll() throws IOException {
        // the first range starts before the searches and learns its stop late: on a stream of a few huge blocks the
        // later ranges may hold no start (it then decodes more or all of the stream), and with many small ranges
        // its stop is the first start found after it
        byte[] rep = GzipTestData.pipe(GzipTestData.repetitive(7, 2_000_000), "gzip", "-6", "-c");
        same(rep, 2, "repetitive, 2 ranges", false);
        byte[] gz = GzipTestData.pipe(GzipTestData.fastq(12, 2_000_000), "gzip", "-6", "-c");
        same(gz, 2, "fastq, 2 ranges", true);
        same(gz, 9, "fastq, 9 ranges on 4 threads", true);
        ParallelGzipIndexer.Outcome oneThread = new ParallelGzipIndexer(SPAN, 1, 3, Deflater.BEST_COMPRESSION)
                .index(gz);
        assertThat(oneThread.parallel()).as("one thread: the first range waits for the searches").isTrue();
    }

    @Test
    void oneRangeIsTheSequentialIndexer() throws IOException {
        byte[] gz = GzipTestData.pipe(GzipTestData.fastq(11, 1_000_000), "gzip", "-6", "-c");
        ParallelGzipIndexer.Outcome one = new ParallelGzipIndexer(SPAN, 1, 1, Deflater.BEST_COMPRESSION).index(gz);
        GzipIndexer.Result seq = GzipIndexer.builder().span(SPAN).build().index(new ByteArrayInputStream(gz));
        assertThat(one.parallel()).isFalse();
        assertThat(one.result().index()).isEqualTo(seq.index());
        assertThat(one.result().windows()).isEqualTo(seq.windows());
        // one thread over several ranges still takes the parallel path, with the same answer
        ParallelGzipIndexer.Outcome ranges = new ParallelGzipIndexer(SPAN, 1, 3, Deflater.BEST_COMPRESSION).index(gz);
        assertThat(ranges.parallel()).isTrue();
        assertThat(ranges.result().index()).isEqualTo(seq.index());
        assertThat(ranges.result().windows()).isEqualTo(seq.windows());
    }

    @Test
    void corruptDataGivesTheSequentialError() throws IOException {
        byte[] gz = GzipTestData.pipe(GzipTestData.fastq(10, 1_000_000), "gzip", "-6", "-c");
        byte[] bad = gz.clone();
        bad[bad.length - 6] ^= 1; // CRC
        assertThatThrownBy(() -> ParallelGzipIndexer.of(3).index(bad)).isInstanceOf(GzipFormatException.class)
                .extracting(e -> ((GzipFormatException) e).kind()).isEqualTo(GzipFormatException.Kind.CRC_MISMATCH);
        byte[] mid = gz.clone();
        mid[mid.length / 2] ^= 0x55;
        assertThatThrownBy(() -> ParallelGzipIndexer.of(3).index(mid)).isInstanceOf(GzipFormatException.class);
        byte[] truncated = Arrays.copyOf(gz, gz.length * 2 / 3);
        assertThatThrownBy(() -> ParallelGzipIndexer.of(3).index(truncated)).isInstanceOf(GzipFormatException.class);
    }

    private static void same(byte[] gz, int k, String what, boolean expectParallel) throws IOException {
        GzipIndexer.Result seq = GzipIndexer.builder().span(SPAN).build().index(new ByteArrayInputStream(gz));
        ParallelGzipIndexer.Outcome par = new ParallelGzipIndexer(SPAN, Math.min(k, 4), k, Deflater.BEST_COMPRESSION)
                .index(gz);
        if (expectParallel) {
            assertThat(par.parallel()).as("%s: parallel path taken", what).isTrue();
            assertThat(par.ranges()).as("%s: ranges with a start", what).isGreaterThan(1);
        }
        assertThat(par.result().index()).as(what).isEqualTo(seq.index());
        assertThat(par.result().index().toBytes()).as(what).isEqualTo(seq.index().toBytes());
        assertThat(par.result().windows()).as(what).isEqualTo(seq.windows());
        byte[] expected = GzipTestData.pipe(gz, "gzip", "-dc");
        assertThat(par.result().index().uncompressedSize()).isEqualTo(expected.length);
        List<Checkpoint> cps = par.result().index().checkpoints();
        SplittableRandom r = new SplittableRandom(gz.length);
        for (int i = 0; i < cps.size(); i += 1 + r.nextInt(3)) {
            Checkpoint cp = cps.get(i);
            byte[] window = GzipIndex.windowFromBlob(cp, par.result().windows());
            byte[] got = GzipTestData.readAll(GzipResume.open(cp, window,
                    new ByteArrayInputStream(gz, (int) cp.compressedOffset(), gz.length)));
            assertThat(got).as("%s: resume at %s", what, cp)
                    .isEqualTo(Arrays.copyOfRange(expected, (int) cp.uncompressedOffset(), expected.length));
        }
    }
}
