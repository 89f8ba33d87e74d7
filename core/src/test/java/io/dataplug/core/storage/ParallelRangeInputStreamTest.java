package io.dataplug.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.testing.ForwardingStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParallelRangeInputStreamTest {

    private static final int BLOCK = 4 << 20;

    @TempDir
    Path dir;

    /**
     * A reader that stops early and closes: the blocks fetched ahead stop downloading within a piece, instead of
     * running to their end for nobody (a cancelled future does not interrupt its fetch).
     */
    @Test
    void closingStopsTheFetchesAhead() throws Exception {
        byte[] data = new byte[5 * BLOCK];
        new Random(7).nextBytes(data);
        Files.createDirectories(dir.resolve("b"));
        Files.write(dir.resolve("b/object"), data);
        ObjectLocation loc = ObjectLocation.local(dir.resolve("b/object"));
        AtomicLong aheadBytes = new AtomicLong();
        AtomicInteger aheadOpen = new AtomicInteger();
        AtomicInteger aheadOpened = new AtomicInteger();
        try (ObjectStore slow = new ForwardingStore(new LocalObjectStore()) {
            @Override
            public InputStream open(ObjectLocation location, long offset, long length, String etag) {
                InputStream in = super.open(location, offset, length, etag);
                if (offset == 0) {
                    return in; // the block the reader streams
                }
                aheadOpened.incrementAndGet();
                aheadOpen.incrementAndGet();
                return new FilterInputStream(in) { // a slow network: 64 KiB per 5 ms, a block in 320 ms
                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        int n = super.read(b, off, Math.min(len, 64 << 10));
                        if (n > 0) {
                            aheadBytes.addAndGet(n);
                        }
                        return n;
                    }

                    @Override
                    public void close() throws IOException {
                        aheadOpen.decrementAndGet();
                        super.close();
                    }
                };
            }
        }) {
            String etag = slow.head(loc).etag();
            long beforeClose;
            try (InputStream in = new ParallelRangeInputStream(slow, loc, etag, 0, data.length, BLOCK, 4,
                    RangeStreams.ioExecutor())) {
                assertThat(in.read()).isEqualTo(data[0] & 0xff);
                beforeClose = aheadBytes.get();
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            while ((aheadOpened.get() < 3 || aheadOpen.get() > 0) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(aheadOpened.get()).as("blocks fetched ahead").isEqualTo(3);
            assertThat(aheadOpen.get()).as("fetches still open").isZero();
            // each stops before its next piece: after the close, at most the rest of the piece it was reading
            assertThat(aheadBytes.get() - beforeClose).as("bytes downloaded ahead after the close")
                    .isLessThanOrEqualTo(3L * ParallelRangeInputStream.PIECE);
            assertThat(aheadBytes.get()).as("bytes downloaded ahead in all").isLessThan(3L * BLOCK);
        }
    }
}
