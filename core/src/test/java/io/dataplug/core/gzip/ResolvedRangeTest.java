package io.dataplug.core.gzip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.core.testing.RequiresTools;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * A range decoded from the middle of a member, read through {@link ResolvedRange} with the true window, gives the
 * bytes and CRCs of {@code gzip -dc}'s output, for spans inside the placeholder part, inside the plain part, across
 * the boundary between them and across the resolver's chunks.
 */
@RequiresTools("gzip")
class ResolvedRangeTest {

    @Test
    void placeholdersAndPlainBytesReadAsTheUncompressedStream() throws IOException, RangeDecoder.Mismatch {
        // text with incompressible stretches: placeholders die out after a random stretch, so the range has both parts
        byte[] gz = GzipTestData.pipe(GzipTestData.mixed(31, 3_000_000), "gzip", "-6", "-c");
        byte[] expected = GzipTestData.pipe(gz, "gzip", "-dc");
        BlockFinder.Start s = new BlockFinder(gz).find(gz.length * 8L / 3, gz.length * 8L);
        assertThat(s).isNotNull();
        RangeDecoder.Result p = new RangeDecoder(gz, 1 << 16).decode(s, null);
        assertThat(p.markerLength()).as("placeholder part").isGreaterThan(2 * (1 << 14) + 1);
        assertThat(p.byteLength()).as("plain part").isGreaterThan(0);
        long start = expected.length - p.length();
        byte[] window = Arrays.copyOfRange(expected, (int) start - GzipDecoder.WINDOW, (int) start);
        ResolvedRange r = new ResolvedRange(p, start, window);

        long boundary = start + p.markerLength();
        long chunk = start + (1 << 14);
        long[][] spans = {{start, start + 1}, {start, boundary}, {chunk - 7, chunk + 9}, {chunk - 1, 2 * chunk - start + 1},
            {boundary - 5, boundary + 5}, {boundary - 1, boundary}, {boundary, boundary + 1},
            {boundary + 100, r.end()}, {start, r.end()}, {r.end() - 3, r.end()}, {boundary, boundary}};
        for (long[] span : spans) {
            int from = (int) span[0];
            int to = (int) span[1];
            CRC32 c = new CRC32();
            c.update(expected, from, to - from);
            assertThat(r.crc(from, to)).as("CRC of [%d, %d)", from, to).isEqualTo((int) c.getValue());
            // a destination wider than the range on both sides: only the range's own bytes are written
            byte[] dst = new byte[to - from + 64];
            Arrays.fill(dst, (byte) 0x5a);
            byte[] want = dst.clone();
            r.copyTo(from - 32, dst);
            int lo = Math.max(from - 32, (int) start);
            int hi = (int) Math.min(from - 32 + dst.length, r.end());
            System.arraycopy(expected, lo, want, lo - (from - 32), hi - lo);
            assertThat(dst).as("bytes around [%d, %d)", from, to).isEqualTo(want);
        }
        assertThatThrownBy(() -> r.crc(start - 1, start + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.crc(start, r.end() + 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
