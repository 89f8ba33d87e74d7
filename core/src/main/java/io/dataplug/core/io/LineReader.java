package io.dataplug.core.io;

import io.dataplug.core.gzip.Bgzf;
import io.dataplug.core.gzip.BgzfReader;
import io.dataplug.core.gzip.VirtualOffset;
import io.dataplug.core.util.Search;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads lines (each with its terminator) from plain bytes or from BGZF blocks, and tells where each line
 * starts: a byte offset for plain text, a packed {@link VirtualOffset} for BGZF. BGZF positions are canonical:
 * a line whose first byte opens a block is at {@code (block, 0)}, never at the end of the block before, which
 * is also how htslib (and so tabix) records them. A line ends with {@code \n}; the last line of the data may
 * have none. Lines of any length are held whole.
 *
 * <p>Lines are handed out in place ({@link #buffer()}, {@link #offset()}, {@link #length()}); the bytes are
 * valid until the next call. BGZF data that is corrupt or truncated throws
 * {@link io.dataplug.core.gzip.GzipFormatException}.
 */
public abstract class LineReader implements Closeable {

    byte[] buf = new byte[128 << 10];
    int pos;
    int limit;
    private boolean eof;
    private int off;
    private int len;
    private long start;
    private boolean terminated;

    /** Plain bytes; {@code base} is the object offset of the stream's first byte. */
    public static LineReader plain(InputStream in, long base) {
        return new Plain(in, base);
    }

    /**
     * BGZF blocks; the stream starts at the block of {@code from} and the bytes of that block before {@code from}
     * are skipped.
     */
    public static LineReader bgzf(InputStream in, VirtualOffset from) throws IOException {
        Blocks r = new Blocks(new BgzfReader(in, from.block()));
        r.skip(from.inBlock());
        return r;
    }

    /**
     * Before any line is read: whether the reader starts right after a line feed, as far as it can tell from what
     * it holds. A BGZF reader opened inside a block checks the byte it skipped last; one opened at a block's start, or
     * a plain reader, skipped nothing and says true (check the byte before a plain start apart, e.g. with
     * {@link io.dataplug.core.format.LineStarts}).
     */
    public boolean startsAfterLineFeed() {
        return pos == 0 || buf[pos - 1] == '\n';
    }

    /** Position of the next line's first byte, or -1 when there is no more data. */
    public final long peek() throws IOException {
        while (pos >= limit) {
            if (!more()) {
                return -1;
            }
        }
        return position(pos);
    }

    /** Position right after everything read so far: the next line's start, or the end of the data. */
    public final long positionAfter() throws IOException {
        long p = peek();
        return p >= 0 ? p : endPosition();
    }

    /** Reads the next line; false at the end of the data. */
    public final boolean next() throws IOException {
        if (peek() < 0) {
            return false;
        }
        start = position(pos);
        int scanned = 0;
        while (true) {
            int from = pos + scanned;
            int nl = Bytes.indexOfNewline(buf, from, limit);
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
    public final byte[] buffer() {
        return buf;
    }

    public final int offset() {
        return off;
    }

    public final int length() {
        return len;
    }

    /** Where the current line starts. */
    public final long start() {
        return start;
    }

    /** Whether the current line ends with {@code \n} (only the last line of an object may not). */
    public final boolean terminated() {
        return terminated;
    }

    /** Length of the current line without its terminator ({@code \n}, or {@code \r\n}). */
    public final int contentLength() {
        int n = len;
        if (terminated) {
            n--;
            if (n > 0 && buf[off + n - 1] == '\r') {
                n--;
            }
        }
        return n;
    }

    /** The current line's first byte (0-255), or -1 when it has no content. */
    public final int first() {
        return contentLength() == 0 ? -1 : buf[off] & 0xff;
    }

    /** The next line's first byte, without reading the line; only after {@link #peek()} found one. */
    public final byte nextByte() {
        if (pos >= limit) {
            throw new IllegalStateException("no next line: call peek() first");
        }
        return buf[pos];
    }

    /**
     * For a scanner that walks whole lines in place, with no call per line: the data not read yet is
     * {@code buffer()[pending(), held())}; {@link #consumeTo} moves past the lines the caller took (the current line
     * of {@link #next()} is then no longer valid).
     */
    public final int pending() {
        return pos;
    }

    /** See {@link #pending()}. */
    public final int held() {
        return limit;
    }

    /** Moves past {@code buffer()[pending(), index)}, which must be whole lines, so that the next line starts at {@code index}. */
    public final void consumeTo(int index) {
        if (index < pos || index > limit) {
            throw new IllegalArgumentException("cannot consume to " + index + ": the data not read is [" + pos + ", " + limit + ")");
        }
        pos = index;
    }

    /**
     * The position of {@code buffer()[0]} when positions are byte offsets (plain data), so a line at index {@code i}
     * is at {@code linearBase() + i}; -1 for BGZF, whose positions are virtual offsets.
     */
    public long linearBase() {
        return -1;
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
        public long linearBase() {
            return base;
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

    private static final class Blocks extends LineReader {
        private final BgzfReader blocks;
        /** Buffer index and compressed offset of each non-empty block held in the buffer. */
        private int[] segStart = new int[16];
        private long[] segBlock = new long[16];
        private int segs;
        private long end = -1;

        Blocks(BgzfReader blocks) {
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
            return Bgzf.MAX_BLOCK;
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
            end = VirtualOffset.pack(blocks.nextOffset(), 0);
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
            int seg = Search.lastAtOrBelow(segs, i -> segStart[i], index);
            return VirtualOffset.pack(segBlock[seg], index - segStart[seg]);
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
