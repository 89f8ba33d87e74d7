package io.dataplug.core.gzip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class GzipIndexerTest {

    static final byte[] DATA = GzipTestData.fastq(31, 800_000);
    static final byte[] GZ = GzipTestData.javaGzip(DATA);

    static long newlines(byte[] b, int end) {
        long n = 0;
        for (int i = 0; i < end; i++) {
            if (b[i] == '\n') {
                n++;
            }
        }
        return n;
    }

    @Test
    void policyChoosesCheckpointsAndAttachesData() throws IOException {
        // many block boundaries: a sync flush every 10 kB
        byte[] gz = GzipTestData.deflaterGzip(DATA, 6, Deflater.DEFAULT_STRATEGY, 10_000, Deflater.SYNC_FLUSH);
        long[] lines = {0};
        long[] seen = {0};
        List<Long> asked = new ArrayList<>();
        CheckpointPolicy everyOther = new CheckpointPolicy() {
            @Override
            public boolean take(long u) {
                assertThat(seen[0]).isEqualTo(u); // the sink has seen everything before the candidate
                asked.add(u);
                return asked.size() % 2 == 0;
            }

            @Override
            public long attachment(long u) {
                assertThat(seen[0]).isEqualTo(u);
                return lines[0];
            }
        };
        long span = 20_000;
        GzipIndexer.Result r = GzipIndexer.builder().span(span).policy(everyOther)
                .sink((b, off, len, u) -> {
                    assertThat(u).isEqualTo(seen[0]);
                    for (int i = off; i < off + len; i++) {
                        if (b[i] == '\n') {
                            lines[0]++;
                        }
                    }
                    seen[0] += len;
                })
                .build().index(new ByteArrayInputStream(gz));
        List<Checkpoint> cps = r.index().checkpoints();
        assertThat(cps.size()).isGreaterThan(10);
        assertThat(asked.size()).isGreaterThanOrEqualTo(2 * (cps.size() - 1));
        for (int i = 0; i < cps.size(); i++) {
            Checkpoint cp = cps.get(i);
            assertThat(cp.attachment()).isEqualTo(newlines(DATA, (int) cp.uncompressedOffset()));
            if (i > 0) {
                assertThat(asked).contains(cp.uncompressedOffset());
                assertThat(cp.uncompressedOffset() - cps.get(i - 1).uncompressedOffset()).isGreaterThanOrEqualTo(span);
            }
        }
        // declined candidates lie between checkpoints
        assertThat(asked).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void checkpointForFindsTheLastCheckpointAtOrBefore() throws IOException {
        GzipIndex index = GzipIndexer.builder().span(200_000).build()
                .index(new ByteArrayInputStream(GZ)).index();
        List<Checkpoint> cps = index.checkpoints();
        assertThat(index.checkpointFor(0)).isEqualTo(cps.get(0));
        for (int i = 0; i < cps.size(); i++) {
            long u = cps.get(i).uncompressedOffset();
            assertThat(index.checkpointIndexFor(u)).isEqualTo(i);
            if (i > 0) {
                assertThat(index.checkpointIndexFor(u - 1)).isEqualTo(i - 1);
            }
        }
        assertThat(index.checkpointIndexFor(Long.MAX_VALUE)).isEqualTo(cps.size() - 1);
    }

    @Test
    void tinyBuffersAndATricklingSource() throws IOException {
        byte[] gz = GzipTestData.multiMember(List.of(Arrays.copyOf(DATA, 300_000), new byte[0],
                GzipTestData.random(3, 70_000), GzipTestData.repetitive(4, 200_000)));
        byte[] expected = GzipTestData.readAll(new java.util.zip.GZIPInputStream(new ByteArrayInputStream(gz)));
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        GzipIndexer.Result r = GzipIndexer.builder().span(20_000).inputBufferSize(1).outputChunkSize(1)
                .sink((b, off, len, u) -> seen.write(b, off, len))
                .build().index(new Trickle(new ByteArrayInputStream(gz), 11));
        assertThat(seen.toByteArray()).isEqualTo(expected);
        GzipIndexer.Result big = GzipIndexer.builder().span(20_000).build().index(new ByteArrayInputStream(gz));
        // same table and windows whatever the buffering
        assertThat(r.index()).isEqualTo(big.index());
        assertThat(r.windows()).isEqualTo(big.windows());
        assertThat(r.index().memberCount()).isEqualTo(4);
        for (Checkpoint cp : r.index().checkpoints()) {
            InputStream in = GzipResume.open(cp, GzipIndex.windowFromBlob(cp, r.windows()),
                    new Trickle(new ByteArrayInputStream(gz, (int) cp.compressedOffset(), gz.length), 5));
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) { // single-byte reads too
                got.write(c);
                byte[] more = new byte[1 + got.size() % 3000];
                int n = in.read(more);
                if (n > 0) {
                    got.write(more, 0, n);
                }
            }
            assertThat(got.toByteArray()).isEqualTo(Arrays.copyOfRange(expected, (int) cp.uncompressedOffset(),
                    expected.length));
        }
    }

    @Test
    void allBlockTypesAreExercised() throws IOException {
        byte[] stored = GzipTestData.deflaterGzip(GzipTestData.random(1, 100_000), 0, Deflater.DEFAULT_STRATEGY,
                1 << 20, Deflater.NO_FLUSH);
        byte[] fixed = GzipTestData.deflaterGzip(Arrays.copyOf(DATA, 100_000), 6, Deflater.DEFAULT_STRATEGY, 97, Deflater.SYNC_FLUSH);
        byte[] dynamic = GZ;
        assertThat(blockCounts(stored)[0]).isGreaterThan(0);
        assertThat(blockCounts(fixed)[1]).isGreaterThan(100);
        assertThat(blockCounts(dynamic)[2]).isGreaterThan(5);
    }

    static long[] blockCounts(byte[] gz) throws IOException {
        GzipDecoder d = new GzipDecoder(new ByteArrayInputStream(gz), 0, 1 << 16, 1 << 16);
        d.startAtMember(0, false);
        while (d.decode() != GzipDecoder.END) {
            d.flushPos = d.outPos;
        }
        return d.blockCounts.clone();
    }

    @Test
    void windowsAreStreamedToAnOutputStream() throws IOException {
        byte[] gz = GZ;
        ByteArrayOutputStream windows = new ByteArrayOutputStream();
        GzipIndex index = GzipIndexer.builder().span(200_000).build().index(new ByteArrayInputStream(gz), windows);
        assertThat(index.windowsLength()).isEqualTo(windows.size()).isPositive();
        GzipIndexer.Result r = GzipIndexer.builder().span(200_000).build().index(new ByteArrayInputStream(gz));
        assertThat(r.windows()).isEqualTo(windows.toByteArray());
    }

    @Test
    void serializedIndexIsCheckedOnRead() throws IOException {
        GzipIndex index = GzipIndexer.builder().span(100_000).policy(new CheckpointPolicy() {
            @Override
            public long attachment(long u) {
                return -u;
            }
        }).build().index(new ByteArrayInputStream(GZ)).index();
        byte[] bytes = index.toBytes();
        assertThat(bytes).hasSize(GzipIndex.HEADER_SIZE + GzipIndex.CHECKPOINT_SIZE * index.checkpoints().size() + 4);
        assertThat(GzipIndex.fromBytes(bytes)).isEqualTo(index);
        byte[] bad = bytes.clone();
        bad[bad.length / 2] ^= 4;
        assertThatThrownBy(() -> GzipIndex.fromBytes(bad)).isInstanceOf(IOException.class).hasMessageContaining("corrupt");
        assertThatThrownBy(() -> GzipIndex.fromBytes(Arrays.copyOf(bytes, 30))).isInstanceOf(IOException.class);
        byte[] version = bytes.clone();
        version[7] = 9;
        assertThatThrownBy(() -> GzipIndex.fromBytes(version)).hasMessageContaining("version");
    }

    @Test
    void corruptWindowIsDetected() throws IOException {
        GzipIndexer.Result r = GzipIndexer.builder().span(200_000).build()
                .index(new ByteArrayInputStream(GZ));
        Checkpoint cp = r.index().checkpoints().get(1);
        byte[] w = Arrays.copyOfRange(r.windows(), (int) cp.windowOffset(), (int) cp.windowOffset() + cp.windowLength());
        w[w.length / 2] ^= 1;
        assertThatThrownBy(() -> GzipIndex.inflateWindow(cp, w, 0)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> GzipResume.open(cp, new byte[10], new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void crcCombine() {
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < 50; i++) {
            byte[] a = GzipTestData.random(i, r.nextInt(5000));
            byte[] b = GzipTestData.random(i + 1000, r.nextInt(i == 0 ? 1 : 70_000));
            CRC32 ca = new CRC32();
            ca.update(a);
            CRC32 cb = new CRC32();
            cb.update(b);
            CRC32 cab = new CRC32();
            cab.update(a);
            cab.update(b);
            assertThat(Crc32s.combine((int) ca.getValue(), (int) cb.getValue(), b.length))
                    .isEqualTo((int) cab.getValue());
        }
    }

    /** Hands out at most {@code max} bytes per read. */
    static final class Trickle extends FilterInputStream {
        private final int max;
        private int k;

        Trickle(InputStream in, int max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1 + (k++ % max)));
        }
    }
}
