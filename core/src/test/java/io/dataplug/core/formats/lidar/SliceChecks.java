package io.dataplug.core.formats.lidar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataplug.core.slice.Slice;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a partitioning's slices, as an independent reader decoded them, against the original's records:
 * together exactly the original's points (as a multiset: none lost, none twice), each slice's header stating
 * its own points (counts, return counts, bounds), and for grid slices every point in the slice's cell.
 */
final class SliceChecks {

    private SliceChecks() {
    }

    /** Evaluates every slice into a file of its own under {@code dir}; returns the files, in order. */
    static List<java.nio.file.Path> evaluateAll(io.dataplug.core.testing.Pipeline p, List<Slice> slices, java.nio.file.Path dir)
            throws java.io.IOException {
        List<java.nio.file.Path> files = new ArrayList<>();
        for (Slice s : slices) {
            java.nio.file.Path f = java.nio.file.Files.createTempFile(dir, "slice-", ".laz");
            java.nio.file.Files.write(f, p.evaluate(s));
            files.add(f);
        }
        return files;
    }

    static void assertPartition(String what, LazPerf.Decoded original, List<Slice> slices, List<LazPerf.Decoded> decoded) {
        assertThat(decoded).as(what).hasSameSizeAs(slices);
        List<ByteBuffer> all = new ArrayList<>();
        for (int i = 0; i < decoded.size(); i++) {
            LazPerf.Decoded d = decoded.get(i);
            String s = what + " slice " + i + " " + d.header();
            assertThat(d.header().get("pointFormat").asInt()).as(s).isEqualTo(original.header().get("pointFormat").asInt());
            assertThat(d.pointLength()).as(s).isEqualTo(original.pointLength());
            assertHeaderStatesPoints(s, d);
            LidarPart head = slices.get(i).parts(LidarPart.class).get(0).corrections();
            for (int r = 0; r < d.points(); r++) {
                ByteBuffer rec = ByteBuffer.wrap(d.record(r));
                all.add(rec);
                if (head.grid() != null) {
                    GridCells g = head.grid();
                    long x = rec.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
                    long y = rec.getInt(4);
                    int row = cell(y, g.minY(), g.maxY(), g.rows());
                    int col = cell(x, g.minX(), g.maxX(), g.cols());
                    if (row != head.row() || col != head.col()) {
                        throw new AssertionError(s + ": point " + r + " (" + x + ", " + y + ") is in cell (" + row + ", "
                                + col + "), not in the slice's cell (" + head.row() + ", " + head.col() + ")");
                    }
                }
            }
        }
        List<ByteBuffer> want = new ArrayList<>();
        for (int r = 0; r < original.points(); r++) {
            want.add(ByteBuffer.wrap(original.record(r)));
        }
        all.sort(null);
        want.sort(null);
        assertThat(all.size()).as(what + ": points over all slices").isEqualTo(want.size());
        assertThat(all.equals(want)).as(what + ": the slices' points are exactly the original's").isTrue();
    }

    /** Cell index by exact rational arithmetic, clamped to the grid (written apart from GridCells on purpose). */
    private static int cell(long v, long min, long max, int n) {
        if (max == min) {
            return 0;
        }
        BigInteger[] q = BigInteger.valueOf(v - min).multiply(BigInteger.valueOf(n)).divideAndRemainder(BigInteger.valueOf(max - min));
        long i = q[0].longValue() - (q[1].signum() < 0 ? 1 : 0);
        return (int) Math.max(0, Math.min(n - 1, i));
    }

    /** The header's counts, return counts and bounds are those of the records in the file. */
    static void assertHeaderStatesPoints(String what, LazPerf.Decoded d) {
        JsonNode h = d.header();
        long n = d.points();
        int pf = h.get("pointFormat").asInt();
        boolean v14 = h.get("version").asText().equals("1.4");
        if (v14) {
            assertThat(h.get("count64").asLong()).as(what + " 64-bit count").isEqualTo(n);
            assertThat(h.get("legacyCount").asLong()).as(what + " legacy count").isEqualTo(pf < 6 ? n : 0);
        } else {
            assertThat(h.get("legacyCount").asLong()).as(what + " count").isEqualTo(n);
        }
        long[] returns = new long[15];
        long[] min = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
        long[] max = {Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE};
        for (int r = 0; r < n; r++) {
            ByteBuffer b = ByteBuffer.wrap(d.record(r)).order(ByteOrder.LITTLE_ENDIAN);
            int ret = pf >= 6 ? b.get(14) & 0x0f : b.get(14) & 0x07;
            if (ret > 0) {
                returns[ret - 1]++;
            }
            for (int k = 0; k < 3; k++) {
                min[k] = Math.min(min[k], b.getInt(4 * k));
                max[k] = Math.max(max[k], b.getInt(4 * k));
            }
        }
        JsonNode stated = v14 ? h.get("returns") : h.get("legacyReturns");
        for (int i = 0; i < stated.size(); i++) {
            assertThat(stated.get(i).asLong()).as(what + " points of return " + (i + 1)).isEqualTo(returns[i]);
        }
        JsonNode bounds = h.get("bounds");
        for (int k = 0; k < 3; k++) {
            double scale = h.get("scale").get(k).asDouble();
            double offset = h.get("offsets").get(k).asDouble();
            double wantMax = n == 0 ? 0 : max[k] * scale + offset;
            double wantMin = n == 0 ? 0 : min[k] * scale + offset;
            assertThat(bounds.get(2 * k).asDouble()).as(what + " max " + "XYZ".charAt(k)).isEqualTo(wantMax);
            assertThat(bounds.get(2 * k + 1).asDouble()).as(what + " min " + "XYZ".charAt(k)).isEqualTo(wantMin);
        }
    }
}
