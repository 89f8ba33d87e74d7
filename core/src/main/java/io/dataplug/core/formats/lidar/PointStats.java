package io.dataplug.core.formats.lidar;

/**
 * What a LAS header says about its points, gathered from the records themselves: count, bounds of the
 * stored integer coordinates, and points by return number (1–5 for formats 0–5, 1–15 for 6–10).
 */
final class PointStats {

    private final boolean extended;
    long count;
    final long[] min = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
    final long[] max = {Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE};
    final long[] returns = new long[15];

    PointStats(boolean extended) {
        this.extended = extended;
    }

    static int x(byte[] r, int off) {
        return le32(r, off);
    }

    static int y(byte[] r, int off) {
        return le32(r, off + 4);
    }

    static int z(byte[] r, int off) {
        return le32(r, off + 8);
    }

    private static int le32(byte[] b, int o) {
        return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8 | (b[o + 2] & 0xff) << 16 | b[o + 3] << 24;
    }

    void add(byte[] r, int off) {
        count++;
        track(0, x(r, off));
        track(1, y(r, off));
        track(2, z(r, off));
        int ret = extended ? r[off + 14] & 0x0f : r[off + 14] & 0x07;
        if (ret >= 1) {
            returns[ret - 1]++;
        }
    }

    private void track(int k, long v) {
        if (v < min[k]) {
            min[k] = v;
        }
        if (v > max[k]) {
            max[k] = v;
        }
    }

    boolean sameAs(PointStats o) {
        return count == o.count && java.util.Arrays.equals(min, o.min) && java.util.Arrays.equals(max, o.max)
                && java.util.Arrays.equals(returns, o.returns);
    }
}
