package io.dataplug.core.gzip;

import java.util.zip.CRC32;

/**
 * A range decoded by {@link RangeDecoder}, placed at its uncompressed offset, with its placeholders resolved
 * as they are read rather than in a pass of their own (and into no copy of the whole range): a placeholder
 * symbol {@code 256 + j} and a byte symbol {@code b} are both one lookup in a table of the 256 byte values
 * followed by the 32 KiB window, so resolving has no branch per symbol. Read-only once built; safe to read
 * from several threads.
 */
final class ResolvedRange {

    /** Symbols resolved per step when computing a CRC (stays in the first-level cache). */
    private static final int CHUNK = 1 << 14;

    private final RangeDecoder.Result part;
    private final long start;
    /** Symbol to byte: identity below 256, then the window; null when the range has no placeholder part. */
    private final byte[] table;

    /**
     * @param window the 32 KiB before {@code start} (zeros before the stream); ignored without placeholders
     */
    ResolvedRange(RangeDecoder.Result part, long start, byte[] window) {
        this.part = part;
        this.start = start;
        if (part.markerLength() == 0) {
            this.table = null;
        } else {
            table = new byte[MarkerInflater.MARKER + GzipDecoder.WINDOW];
            for (int b = 0; b < MarkerInflater.MARKER; b++) {
                table[b] = (byte) b;
            }
            System.arraycopy(window, 0, table, MarkerInflater.MARKER, GzipDecoder.WINDOW);
        }
    }

    RangeDecoder.Result part() {
        return part;
    }

    long start() {
        return start;
    }

    long end() {
        return start + part.length();
    }

    /** Writes the bytes of this range that fall in {@code [u, u + dst.length)} to their place in {@code dst}. */
    void copyTo(long u, byte[] dst) {
        long lo = Math.max(start, u);
        long hi = Math.min(end(), u + dst.length);
        if (lo >= hi) {
            return;
        }
        long bytesStart = start + part.markerLength();
        long mHi = Math.min(hi, bytesStart);
        if (lo < mHi) {
            resolve((int) (lo - start), dst, (int) (lo - u), (int) (mHi - lo));
        }
        long bLo = Math.max(lo, bytesStart);
        if (bLo < hi) {
            System.arraycopy(part.bytes(), (int) (bLo - bytesStart), dst, (int) (bLo - u), (int) (hi - bLo));
        }
    }

    /** CRC-32 of the uncompressed bytes {@code [from, to)}, which must lie inside this range. */
    int crc(long from, long to) {
        if (from < start || to > end() || from > to) {
            throw new IllegalArgumentException("[" + from + ", " + to + ") outside [" + start + ", " + end() + ")");
        }
        CRC32 c = new CRC32();
        long bytesStart = start + part.markerLength();
        if (from < bytesStart) {
            byte[] buf = new byte[CHUNK];
            long mHi = Math.min(to, bytesStart);
            for (long u = from; u < mHi; u += CHUNK) {
                int n = (int) Math.min(CHUNK, mHi - u);
                resolve((int) (u - start), buf, 0, n);
                c.update(buf, 0, n);
            }
        }
        long bLo = Math.max(from, bytesStart);
        if (bLo < to) {
            c.update(part.bytes(), (int) (bLo - bytesStart), (int) (to - bLo));
        }
        return (int) c.getValue();
    }

    private void resolve(int from, byte[] dst, int dstOff, int n) {
        char[] m = part.markers();
        byte[] t = table;
        for (int k = 0; k < n; k++) {
            dst[dstOff + k] = t[m[from + k]];
        }
    }
}
