package io.dataplug.core.formats.lines;

import io.dataplug.core.format.LineStarts;
import io.dataplug.core.format.SliceContext;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.storage.ExtendingRangeStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Evaluates a line-oriented slice: the header (if any), then for each part the records that start in
 * {@code [ownStart, ownEnd)}, whole, with their original bytes. Each part's range starts at a known record
 * start, so the parser starts outside quotes; it skips the records before {@code ownStart}, copies verbatim
 * from the first owned record to {@code resumeAt} (another known record start, so nothing in between needs
 * parsing), then parses on until the first record that starts at or after {@code ownEnd} and closes the
 * stream there.
 */
final class SliceReader {

    static final int BUFFER = 1 << 20;

    private SliceReader() {
    }

    static void evaluate(LineSyntax syntax, SliceContext ctx, Slice slice, OutputStream out) throws IOException {
        byte[] buf = new byte[BUFFER];
        List<SlicePart<LineCorrections>> parts = slice.parts(LineCorrections.class);
        for (int i = 0; i < parts.size(); i++) {
            SlicePart<LineCorrections> part = parts.get(i);
            LineCorrections c = part.corrections();
            // A part that owns records starts at one when it claims its first own record starts there, or when its
            // syntax cannot find record ends from any byte (quoting): a start moved into a record would cut it.
            // Without quoting, a part starting before its own range finds the first record end from any byte.
            boolean atLineStart = c.ownStart() < c.ownEnd() && (syntax.quoting() || part.start() >= c.ownStart());
            try (InputStream in = open(ctx, part, atLineStart)) {
                if (i == 0) {
                    writeHeader(ctx, part, out);
                }
                copyRecords(syntax, in, part, buf, out);
            }
        }
    }

    /**
     * The part's bytes up to a little past its own range first, more only if the last own record runs on: the
     * part's end is an upper bound (the next checkpoint, or the object's end in header-only mode). With
     * {@code atLineStart}, the byte before the part comes in the same GET and must be a line feed.
     */
    private static InputStream open(SliceContext ctx, SlicePart<LineCorrections> part, boolean atLineStart)
            throws IOException {
        long from = atLineStart && part.start() > 0 ? part.start() - 1 : part.start();
        InputStream in = ExtendingRangeStream.lookingPast((s, e) -> ctx.open(part.object(), s, e), from,
                Math.max(part.start(), part.corrections().ownEnd()), part.end());
        return from == part.start() ? in : LineStarts.skipLineFeed(in, part.object(), part.start(), "the part's start");
    }

    private static void writeHeader(SliceContext ctx, SlicePart<LineCorrections> part, OutputStream out) throws IOException {
        LineCorrections c = part.corrections();
        if (c.header() != null) {
            out.write(c.header());
        } else if (c.headerBytes() != null) {
            try (InputStream in = ctx.open(part.object(), 0, c.headerBytes())) {
                in.transferTo(out);
            }
        }
    }

    private static void copyRecords(LineSyntax syntax, InputStream in, SlicePart<LineCorrections> part, byte[] buf,
                                    OutputStream out) throws IOException {
        LineCorrections c = part.corrections();
        long ownStart = c.ownStart();
        long ownEnd = c.ownEnd();
        long resume = c.resumeAt() == null ? -1 : c.resumeAt();
        if (ownStart >= ownEnd) {
            return;
        }
        Cursor cur = new Cursor(in, buf, part.start());
        RecordScanner scanner = syntax.scanner(RecordScanner.FIELD_START);
        long first = part.start();
        if (first < ownStart) {
            first = -1;
            while (cur.fill()) {
                int t = scanner.next(buf, cur.pos, cur.lim);
                if (t < 0) {
                    cur.pos = cur.lim;
                    continue;
                }
                cur.pos = t + 1;
                if (cur.offset() >= ownStart) {
                    first = cur.offset();
                    break;
                }
            }
            if (first < 0) {
                return; // the range ends inside the record that straddles ownStart
            }
        }
        if (first >= ownEnd) {
            return; // no record starts in [ownStart, ownEnd)
        }
        if (resume > first) {
            cur.copyToRecordStart(resume - first, out, part);
            if (resume >= ownEnd) {
                return;
            }
            scanner.reset();
        }
        while (cur.fill()) {
            int t = scanner.next(buf, cur.pos, cur.lim);
            if (t < 0) {
                out.write(buf, cur.pos, cur.lim - cur.pos);
                cur.pos = cur.lim;
                continue;
            }
            out.write(buf, cur.pos, t + 1 - cur.pos);
            cur.pos = t + 1;
            if (cur.offset() >= ownEnd) {
                return;
            }
        }
        if (part.end() < part.object().size()) {
            throw new IllegalStateException(part.object().uri() + ": slice range [" + part.start() + ", " + part.end()
                    + ") ended inside a record; the slice does not match the object's index");
        }
    }

    /** A window over the stream: {@code buf[pos, lim)} holds the bytes at {@code base + pos ...}. */
    private static final class Cursor {
        final InputStream in;
        final byte[] buf;
        long base;
        int pos;
        int lim;

        Cursor(InputStream in, byte[] buf, long start) {
            this.in = in;
            this.buf = buf;
            this.base = start;
        }

        long offset() {
            return base + pos;
        }

        /** True when unread bytes are in the window, reading more if needed; false at the end of the range. */
        boolean fill() throws IOException {
            if (pos < lim) {
                return true;
            }
            base += lim;
            pos = 0;
            lim = 0;
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                return false;
            }
            lim = n;
            return true;
        }

        /** Copies {@code n} bytes that must end a record (the next byte being {@code resumeAt}, a record start). */
        void copyToRecordStart(long n, OutputStream out, SlicePart<?> part) throws IOException {
            while (n > 0) {
                if (!fill()) {
                    throw new IllegalStateException(part.object().uri() + ": slice range [" + part.start() + ", "
                            + part.end() + ") ended before offset " + (offset() + n) + "; the slice does not match the index");
                }
                int k = (int) Math.min(n, lim - pos);
                if (k == n && buf[pos + k - 1] != '\n') {
                    throw LineStarts.notAtLineStart(part.object(), offset() + k, "resumeAt");
                }
                out.write(buf, pos, k);
                pos += k;
                n -= k;
            }
        }
    }
}
