package io.dataplug.core.formats.fastq;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads lines from a stream without copying them, tracking each line's absolute byte offset. A line ends
 * with {@code \n}; a {@code \r} right before it is part of the terminator (CRLF), not of the content. The
 * last line of the data may have no terminator. Lines may be longer than the buffer.
 */
final class LineScanner {

    private final InputStream in;
    private final byte[] buf;
    private int pos;
    private int lim;
    private long bufStart;

    /** Offset of the current line's first byte. */
    long lineStart;
    /** Content length of the current line, without {@code \n} or {@code \r\n}. */
    long length;
    /** First content byte of the current line, or -1 when the line is empty. */
    int first;
    /** Whether the current line ended with {@code \n} (false only for a last line at end of data). */
    boolean terminated;

    /**
     * @param offset the absolute offset of the stream's first byte
     */
    LineScanner(InputStream in, long offset, int bufferSize) {
        this.in = in;
        this.buf = new byte[bufferSize];
        this.bufStart = offset;
    }

    /** Absolute offset of the next unread byte. */
    long position() {
        return bufStart + pos;
    }

    /** Consumes bytes up to and including the next {@code \n}; returns false when the data ends first. */
    boolean skipPastNewline() throws IOException {
        while (true) {
            if (pos >= lim && !fill()) {
                return false;
            }
            int nl = indexOfNewline(buf, pos, lim);
            if (nl >= 0) {
                pos = nl + 1;
                return true;
            }
            pos = lim;
        }
    }

    /** Advances to the next line; false at the end of the data. */
    boolean next() throws IOException {
        if (pos >= lim && !fill()) {
            return false;
        }
        lineStart = bufStart + pos;
        int firstByte = buf[pos] & 0xff;
        long len = 0;
        int last = -1;
        while (true) {
            int nl = indexOfNewline(buf, pos, lim);
            if (nl >= 0) {
                len += nl - pos;
                if (nl > pos) {
                    last = buf[nl - 1];
                }
                pos = nl + 1;
                terminated = true;
                break;
            }
            len += lim - pos;
            last = buf[lim - 1];
            pos = lim;
            if (!fill()) {
                terminated = false;
                break;
            }
        }
        if (terminated && last == '\r') {
            len--;
        }
        length = len;
        first = len == 0 ? -1 : firstByte;
        return true;
    }

    private boolean fill() throws IOException {
        bufStart += lim;
        pos = 0;
        lim = 0;
        while (true) {
            int n = in.read(buf, 0, buf.length);
            if (n < 0) {
                return false;
            }
            if (n > 0) {
                lim = n;
                return true;
            }
        }
    }

    static int indexOfNewline(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
