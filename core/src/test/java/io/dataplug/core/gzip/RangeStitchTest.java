package io.dataplug.core.gzip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * The checks {@link RangeStitch} makes on ranges that decoded but do not fit (what a false start looks like):
 * placeholders reaching before the member start, and members whose trailers are missing. Either way the caller
 * indexes sequentially; a valid stream never gets here, so the ranges are made by hand.
 */
class RangeStitchTest {

    private static final int FIRST = 1000;

    @Test
    void placeholderBeforeTheMemberStartIsAMismatch() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // the first range holds the member's first 1000 bytes: the window of the second reaches 1000 bytes back
            RangeStitch ok = stitch(pool);
            ok.add(placeholders(GzipDecoder.WINDOW - FIRST));
            assertThat(ok.finish()).as("no trailer: the members do not add up").isNull();

            RangeStitch bad = stitch(pool);
            assertThatThrownBy(() -> bad.add(placeholders(GzipDecoder.WINDOW - FIRST - 1)))
                    .isInstanceOf(RangeDecoder.Mismatch.class);
        } finally {
            pool.shutdownNow();
        }
    }

    private static RangeStitch stitch(ExecutorService pool) throws RangeDecoder.Mismatch {
        RangeStitch s = new RangeStitch(new byte[64], 1 << 20, Deflater.BEST_COMPRESSION, pool);
        byte[] bytes = new byte[FIRST];
        Arrays.fill(bytes, (byte) 'a');
        s.add(new RangeDecoder.Result(new BlockFinder.Start(0, 0, true), new char[0], 0, GzipDecoder.WINDOW, bytes,
                FIRST, new long[] {0}, new long[] {0}, new boolean[] {true}, 1, new long[] {0}, 1, new long[0],
                new int[0], new int[0], 0, 400, false));
        return s;
    }

    /** A range of ten placeholders for window byte {@code lowest}. */
    private static RangeDecoder.Result placeholders(int lowest) {
        char[] m = new char[10];
        Arrays.fill(m, (char) (MarkerInflater.MARKER + lowest));
        return new RangeDecoder.Result(new BlockFinder.Start(400 * 8, 400 * 8, false), m, m.length, lowest, new byte[0],
                0, new long[0], new long[0], new boolean[0], 0, new long[0], 0, new long[0], new int[0], new int[0], 0,
                500, false);
    }
}
