package io.dataplug.core.formats.vcf;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads lines (each with its terminator) from plain bytes or from BGZF blocks, and tells where each line
 * starts: a byte offset for plain text, a virtual offset ({@code blockOffset << 16 | offsetInBlock}) for
 * BGZF. BGZF positions are canonical: a line whose first byte opens a block is at {@code (block, 0)}, never
 * at the end of the block before, which is also how htslib (and so tabix) records them.
 *
 * <p>Lines are handed out in place ({@link #buffer()}, {@link #offset()}, {@link #length()}); the bytes are
 * valid until the next call.
 */
abstract class LineReader implements Closeable {

    byte[] buf = new byte[128 << 10];
    int pos;
    int limit;
    private boolean eof;
    private int off;
    private int len;
    private long start;
    private boolean terminated;

    /** Plain bytes; {@code base} is the object offset of the stream's first byte. */
    static LineReader plain(InputStream in, long base) {
        return new Plain(in, base);
    }

    /**
     * BGZF blocks; the stream starts at the block at compressed offset {@code voffset >>> 16} and the first
     * {@code voffset & 0xffff} uncompressed bytes of that block are skipped.
     */
    static LineReader bgzf(InputStream in, String uri, long voffset) throws IOException {
        Bgzf r = new Bgzf(new BgzfReader(in, uri, voffset >>> 16));
        r.skip((int) (voffset & 0xffff));
        return r;
    }

    /** Position of the next line's first byte, or -1 when there is no more data. */
    final long peek() throws IOException {
        while (pos >= limit) {
            if (!more()) {
                return -1;
            }
        }
        return position(pos);
    }

    /** Position right after everything read so far: the next line's start, or the end of the data. */
    final long positionAfter() throws IOException {
        long p = peek();
        return p >= 0 ? p : endPosition();
    }

    /** Reads the next line; false at the end of the data. */
    final boolean next() throws IOException {
        if (peek() < 0) {
            return false;
        }
        start = position(pos);
        int scanned = 0;
        while (true) {
            int from = pos + scanned;
            int nl = indexOf(buf, from, limit);
            if (nl >= 0) {
                set(nl + 1 - pos, true);
                return true;
            }
            scanned = limit - pos;
            if (!more()) {
                set(limit - pos, false);
                return true;
            }
        }
    }

    private void set(int length, boolean term) {
        off = pos;
        len = length;
        terminated = term;
        pos += length;
    }

    private static int indexOf(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Appends data, keeping {@code [pos, limit)}; may move it to the front. False at the end of the data. */
    private boolean more() throws IOException {
        if (eof) {
            return false;
        }
        int room = minRoom();
        if (buf.length - limit < room && pos > 0) {
            int shift = pos;
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= shift;
            pos = 0;
            shifted(shift);
        }
        if (buf.length - limit < room) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, limit + room));
        }
        if (!append()) {
            eof = true;
            return false;
        }
        return true;
    }

    /** The current line: {@code buffer()[offset(), offset() + length())}, terminator included. */
    final byte[] buffer() {
        return buf;
    }

    final int offset() {
        return off;
    }

    final int length() {
        return len;
    }

    /** Where the current line starts. */
    final long start() {
        return start;
    }

    /** Whether the current line ends with {@code \n} (only the last line of an object may not). */
    final boolean terminated() {
        return terminated;
    }

    abstract int minRoom();

    /** Appends at {@code limit} (room is guaranteed); false at the end of the data. */
    abstract boolean append() throws IOException;

    abstract void shifted(int by);

    abstract long position(int index);

    abstract long endPosition();

    private static final class Plain extends LineReader {
        private final InputStream in;
        private long base;

        Plain(InputStream in, long base) {
            this.in = in;
            this.base = base;
        }

        @Override
        int minRoom() {
            return 64 << 10;
        }

        @Override
        boolean append() throws IOException {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                return false;
            }
            limit += n;
            return true;
        }

        @Override
        void shifted(int by) {
            base += by;
        }

        @Override
        long position(int index) {
            return base + index;
        }

        @Override
        long endPosition() {
            return base + limit;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static final class Bgzf extends LineReader {
        private final BgzfReader blocks;
        /** Buffer index and compressed offset of each non-empty block held in the buffer. */
        private int[] segStart = new int[16];
        private long[] segBlock = new long[16];
        private int segs;
        private long end = -1;

        Bgzf(BgzfReader blocks) {
            this.blocks = blocks;
        }

        void skip(int bytes) throws IOException {
            if (bytes == 0) {
                return;
            }
            if (!blocks.next() || blocks.length() < bytes) {
                throw new IOException("virtual offset " + bytes + " is beyond the data of the BGZF block at byte "
                        + blocks.blockOffset() + " (stale index?)");
            }
            add();
            pos = bytes;
        }

        @Override
        int minRoom() {
            return BgzfReader.MAX_BLOCK;
        }

        @Override
        boolean append() throws IOException {
            if (!blocks.next()) {
                return false;
            }
            if (blocks.length() > 0) {
                add();
            }
            return true;
        }

        private void add() {
            if (segs == segStart.length) {
                segStart = Arrays.copyOf(segStart, segs * 2);
                segBlock = Arrays.copyOf(segBlock, segs * 2);
            }
            segStart[segs] = limit;
            segBlock[segs] = blocks.blockOffset();
            segs++;
            System.arraycopy(blocks.data(), 0, buf, limit, blocks.length());
            limit += blocks.length();
            end = blocks.nextOffset() << 16;
        }

        @Override
        void shifted(int by) {
            int keep = 0;
            for (int i = 0; i < segs; i++) {
                int segEnd = i + 1 < segs ? segStart[i + 1] : Integer.MAX_VALUE;
                if (segEnd - by > 0) {
                    segStart[keep] = segStart[i] - by;
                    segBlock[keep] = segBlock[i];
                    keep++;
                }
            }
            segs = keep;
        }

        @Override
        long position(int index) {
            int lo = 0;
            int hi = segs - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (segStart[mid] <= index) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            return segBlock[lo] << 16 | (index - segStart[lo]);
        }

        @Override
        long endPosition() {
            return end;
        }

        @Override
        public void close() throws IOException {
            blocks.close();
        }
    }
}
