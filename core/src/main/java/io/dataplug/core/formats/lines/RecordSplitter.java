package io.dataplug.core.formats.lines;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a stream into records with the {@link RecordScanner} that indexing and evaluation use: lines, or CSV
 * records whose quoted fields hold line breaks. Used by the record framings of the line-based formats (text,
 * csv, fastq, fasta, vcf). Records of any length are held whole and handed out in place ({@link #buffer()},
 * {@link #offset()}, {@link #length()}): the bytes are valid until the next call.
 */
public final class RecordSplitter implements Closeable {

    private final InputStream in;
    private final RecordScanner scanner;
    private byte[] buf = new byte[64 << 10];
    private int pos;
    private int scanned;
    private int lim;
    private boolean eof;
    private int off;
    private int len;
    private boolean terminated;
    private long number;
    private long base;
    private long start;

    public RecordSplitter(InputStream in, LineSyntax syntax) {
        this.in = in;
        this.scanner = syntax.scanner(RecordScanner.FIELD_START);
    }

    /** Plain lines (LF or CRLF). */
    public static RecordSplitter lines(InputStream in) {
        return new RecordSplitter(in, LineSyntax.LINES);
    }

    /** Reads the next record; false at the end of the data. */
    public boolean next() throws IOException {
        scanned = pos;
        while (true) {
            if (scanned < lim) {
                int t = scanner.next(buf, scanned, lim);
                if (t >= 0) {
                    set(t + 1 - pos, true);
                    return true;
                }
                scanned = lim;
            }
            if (!more()) {
                if (pos == lim) {
                    return false;
                }
                set(lim - pos, false);
                return true;
            }
        }
    }

    private void set(int length, boolean term) {
        off = pos;
        start = base + pos;
        len = length;
        terminated = term;
        pos += length;
        number++;
    }

    /** Reads more data behind {@code [pos, lim)}, moving it to the front or growing the buffer; false at the end. */
    private boolean more() throws IOException {
        if (eof) {
            return false;
        }
        if (lim == buf.length) {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, lim - pos);
                lim -= pos;
                scanned -= pos;
                base += pos;
                pos = 0;
            } else {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
        }
        int n = in.read(buf, lim, buf.length - lim);
        if (n < 0) {
            eof = true;
            return false;
        }
        lim += n;
        return true;
    }

    /** The current record: {@code buffer()[offset(), offset() + length())}, terminator included. */
    public byte[] buffer() {
        return buf;
    }

    public int offset() {
        return off;
    }

    public int length() {
        return len;
    }

    /** Length of the current record without its terminator ({@code \n} or {@code \r\n}). */
    public int contentLength() {
        int n = len;
        if (terminated) {
            n--;
            if (n > 0 && buf[off + n - 1] == '\r') {
                n--;
            }
        }
        return n;
    }

    /** The current record without its terminator, decoded as UTF-8. */
    public String text() {
        return new String(buf, off, contentLength(), StandardCharsets.UTF_8);
    }

    /** The current record's first byte (0-255), or -1 when it has no content. */
    public int first() {
        return contentLength() == 0 ? -1 : buf[off] & 0xff;
    }

    /** The stream offset of the current record's first byte. */
    public long start() {
        return start;
    }

    /** The number of the current record in the stream, from 1. */
    public long number() {
        return number;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
