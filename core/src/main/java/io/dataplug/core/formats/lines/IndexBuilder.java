package io.dataplug.core.formats.lines;

import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.format.IndexingContext;
import io.dataplug.core.util.LongList;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The finalize step: resolves the chunks' hypotheses from the start (the object starts at a record start,
 * outside quotes), numbers the records globally and keeps one checkpoint per span.
 */
final class IndexBuilder {

    private IndexBuilder() {
    }

    static LineIndex build(IndexingContext ctx, List<LineChunk> chunks, boolean header, long span) throws IOException {
        long size = ctx.source().size();
        String uri = ctx.source().location().toUri();
        LongList offsets = new LongList();
        LongList numbers = new LongList();
        long starts = 0;
        boolean terminated = false;
        int state = RecordScanner.FIELD_START;
        long open = -1;
        int openChunk = -1;
        long expect = 0;
        if (size > 0) {
            offsets.add(0);
            numbers.add(0);
            starts = 1;
        }
        for (int c = 0; c < chunks.size(); c++) {
            LineChunk chunk = chunks.get(c);
            long start = chunk.start();
            if (start != expect || chunk.span() != span) {
                throw new IllegalStateException(uri + ": chunk " + c + " covers [" + start + ", " + chunk.end()
                        + ") with span " + chunk.span() + ", expected to start at " + expect + " with span "
                        + span + " (chunk results of another plan?)");
            }
            expect = chunk.end();
            int startState = state == RecordScanner.AFTER_QUOTE ? RecordScanner.FIELD_START : state;
            if (startState >= chunk.hypotheses().size()) {
                throw new IllegalStateException(uri + ": chunk " + c + " has no hypothesis for start state " + startState);
            }
            LineChunk.Hypothesis h = chunk.hypotheses().get(startState);
            for (long[] cp : h.checkpoints()) {
                long off = cp[0];
                if (off < size) {
                    offsets.add(off);
                    numbers.add(starts + cp[1]);
                }
            }
            starts += h.starts();
            int end = h.end();
            if (end == RecordScanner.QUOTED || end == RecordScanner.AFTER_QUOTE) {
                long o = h.open() == null ? -1 : h.open();
                // A chunk that really starts just after a quote inside a quoted field was scanned as starting
                // at a field start: a quote on its first byte is then an escaped quote, not an opening one.
                if (o >= 0 && !(state == RecordScanner.AFTER_QUOTE && o == start)) {
                    open = o;
                    openChunk = c;
                }
            } else {
                open = -1;
            }
            state = end;
            terminated = h.terminated();
        }
        if (expect != size) {
            throw new IllegalStateException(uri + ": chunk results cover " + expect + " of " + size + " bytes");
        }
        if (state == RecordScanner.QUOTED) {
            long line = 1 + newlinesBefore(ctx, chunks, openChunk, open);
            throw new DataFormatException(uri, open, line, "quoted field is not closed before the end of the object (record "
                    + (starts - 1) + ", counting from 0)", "check the quote option (quote=none reads quotes as ordinary"
                    + " characters)");
        }
        long records = size == 0 ? 0 : starts - (terminated ? 1 : 0);

        long headerBytes = 0;
        byte[] headerData = null;
        String sha = null;
        if (header && size > 0) {
            headerBytes = records >= 2 ? offsets.get(1) : size;
            MessageDigest md = sha256();
            try (InputStream in = ctx.open(0, headerBytes)) {
                byte[] buf = new byte[(int) Math.min(headerBytes, 1 << 16)];
                int n;
                while ((n = in.read(buf)) > 0) {
                    md.update(buf, 0, n);
                    if (headerBytes <= LineIndex.MAX_STORED_HEADER) {
                        headerData = headerData == null ? java.util.Arrays.copyOf(buf, n) : concat(headerData, buf, n);
                    }
                }
            }
            sha = HexFormat.of().formatHex(md.digest());
        }

        // Keep the first candidate at or after each multiple of span, plus the first data record.
        LongList keptOffsets = new LongList();
        LongList keptNumbers = new LongList();
        long prev = -1;
        for (int i = 0; i < offsets.size(); i++) {
            long off = offsets.get(i);
            if (off <= prev) {
                throw new IllegalStateException(uri + ": checkpoint candidates out of order at " + off);
            }
            boolean boundary = prev < 0 || Math.floorDiv(off, span) > Math.floorDiv(prev, span);
            if (boundary || (header && off == headerBytes)) {
                keptOffsets.add(off);
                keptNumbers.add(numbers.get(i));
            }
            prev = off;
        }
        return new LineIndex(size, span, records, headerBytes, headerData, sha, keptOffsets.toArray(), keptNumbers.toArray());
    }

    private static long newlinesBefore(IndexingContext ctx, List<LineChunk> chunks, int chunk, long offset) throws IOException {
        long n = 0;
        for (int c = 0; c < chunk; c++) {
            n += chunks.get(c).newlines();
        }
        long start = chunks.get(chunk).start();
        try (InputStream in = ctx.open(start, offset)) {
            byte[] buf = new byte[1 << 16];
            int r;
            while ((r = in.read(buf)) > 0) {
                for (int i = 0; i < r; i++) {
                    if (buf[i] == '\n') {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    private static byte[] concat(byte[] a, byte[] b, int n) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + n);
        System.arraycopy(b, 0, r, a.length, n);
        return r;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
