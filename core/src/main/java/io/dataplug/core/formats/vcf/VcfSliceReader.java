package io.dataplug.core.formats.vcf;

import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.format.LineStarts;
import io.dataplug.core.format.RecordBoundaryException;
import io.dataplug.core.format.SliceContext;
import io.dataplug.core.gzip.GzipFormatException;
import io.dataplug.core.gzip.VirtualOffset;
import io.dataplug.core.io.Bytes;
import io.dataplug.core.io.LineReader;
import io.dataplug.core.slice.InvalidSliceException;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.storage.ExtendingRangeStream;
import io.dataplug.core.storage.PendingRead;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Evaluates a VCF slice: the header, then the data lines the slice owns, byte for byte as in the object
 * (uncompressed for BGZF). Reading starts at a checkpoint, a known line start, and stops at the first line
 * starting at or beyond {@code to}, or, for a POS window, past the window. A plain part may instead start
 * before {@code from} at any byte ({@code index=header-only}): data lines end at a line feed, so the first one
 * after the start ends the line that straddles it, and lines starting before {@code from} are skipped. Plain parts
 * without a contig are copied in blocks ({@link PlainDataLines}); the header of a plain slice is the object's own
 * ({@link PlainHeader}).
 */
final class VcfSliceReader {

    private VcfSliceReader() {
    }

    static void evaluate(SliceContext ctx, Slice slice, OutputStream out, boolean bgzf) throws IOException {
        List<SlicePart<VcfCorrections>> parts = slice.parts(VcfCorrections.class);
        for (SlicePart<VcfCorrections> part : parts) {
            checkRange(part, bgzf);
        }
        for (SlicePart<VcfCorrections> part : parts) {
            evaluate(ctx, part, out, bgzf);
        }
    }

    /** The part's byte range must be where its positions say (before anything is read). */
    private static void checkRange(SlicePart<VcfCorrections> part, boolean bgzf) {
        VcfCorrections c = part.corrections();
        long start = bgzf ? VirtualOffset.blockOf(c.from()) : c.from();
        long lastByte = bgzf ? VirtualOffset.blockOf(c.to()) : c.to();
        boolean startOk = bgzf ? part.start() == start : part.start() <= start; // plain: a shifted start is fine
        if (!startOk || part.end() < lastByte) {
            throw new InvalidSliceException(part.object().uri() + ": part [" + part.start() + ", " + part.end()
                    + ") does not hold the lines its corrections name (from " + c.from() + " to " + c.to() + ")");
        }
    }

    /**
     * The part's bytes. A plain part that starts at its first line checks, in the same GET, that the byte before it
     * ends a line; a shifted part's end is an upper bound (the object's end): a little past its own range is read first.
     */
    private static InputStream open(SliceContext ctx, SlicePart<VcfCorrections> part, boolean bgzf, boolean shifted,
                                    long from, long to) throws IOException {
        if (shifted) {
            return ExtendingRangeStream.lookingPast((s, e) -> ctx.open(part.object(), s, e), part.start(), to, part.end());
        }
        if (bgzf) {
            return ctx.open(part.object(), part.start(), part.end());
        }
        if (from == part.start()) {
            return LineStarts.open(ctx, part.object(), part.start(), part.end(), "the part's first line");
        }
        LineStarts.require(ctx, part.object(), from, "the part's first line");
        return ctx.open(part.object(), part.start(), part.end());
    }

    private static void evaluate(SliceContext ctx, SlicePart<VcfCorrections> part, OutputStream out, boolean bgzf)
            throws IOException {
        VcfCorrections c = part.corrections();
        if (bgzf && c.header() == null) {
            throw new InvalidSliceException("a vcf-bgzip slice part names no header side file");
        }
        String uri = part.object().uri();
        long from = c.from();
        long to = c.to();
        // The header is fetched while the part's range is opened: two round trips waited for together (for plain VCF
        // only the first slice of an object an evaluator reads: the others share it).
        PendingRead<byte[]> header = PendingRead.start(() -> bgzf ? ctx.readMetadata(c.header(), 0, (int) c.headerLength())
                : PlainHeader.read(ctx, part.object(), c.headerLength()));
        String contigName = c.contig();
        byte[] contig = contigName == null ? null : contigName.getBytes(StandardCharsets.UTF_8);
        long first = c.first() == null ? Long.MIN_VALUE : c.first();
        long last = c.last() == null ? Long.MAX_VALUE : c.last();
        boolean shifted = !bgzf && part.start() < from;
        InputStream in;
        try {
            in = open(ctx, part, bgzf, shifted, from, to);
        } catch (IOException | RuntimeException e) {
            header.cancel();
            throw e;
        }
        try {
            out.write(header.join());
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        if (!bgzf && contigName == null) {
            try (in) {
                PlainDataLines.copy(in, part, shifted, out);
            }
            return;
        }
        try (LineReader r = bgzf ? LineReader.bgzf(in, VirtualOffset.of(from)) : LineReader.plain(in, part.start())) {
            if (!r.startsAfterLineFeed()) {
                throw new RecordBoundaryException(uri, part.start(), "the part's first line (virtual offset "
                        + VirtualOffset.of(from) + ") is not at the start of a line");
            }
            if (shifted) {
                r.next(); // up to the first line feed at or after the start: the end of a line that started before it
                while (r.peek() >= 0 && r.peek() < from) {
                    r.next();
                }
            }
            while (true) {
                long p = r.peek();
                if (p < 0 || p >= to) {
                    break;
                }
                r.next();
                byte[] b = r.buffer();
                int o = r.offset();
                int n = r.length();
                boolean notData = b[o] == '#' || b[o] == '\n' || b[o] == '\r';
                if (notData && (p == from || !bgzf)) {
                    throw notData(uri, bgzf, p, p == from, b[o]);
                }
                if (!bgzf && !r.terminated() && part.end() < part.object().size()) {
                    throw new RecordBoundaryException(uri, part.end(), "the part's range [" + part.start() + ", "
                            + part.end() + ") ends inside a line");
                }
                if (contig != null) {
                    int tab = Bytes.indexOf(b, o, o + n, (byte) '\t');
                    if (tab < 0 || !Arrays.equals(b, o, tab, contig, 0, contig.length)) {
                        throw stale(uri, bgzf, p, "a line of contig '" + new String(b, o, Math.max(0, (tab < 0 ? n : tab - o)),
                                StandardCharsets.UTF_8).strip() + "' where the index has contig " + contigName);
                    }
                    if (first != Long.MIN_VALUE) {
                        long pos = parsePos(b, tab + 1, o + n);
                        if (pos < first) {
                            continue;
                        }
                        if (pos > last) {
                            break; // sorted: nothing further belongs to the window
                        }
                    }
                }
                out.write(b, o, n);
                if (!r.terminated()) {
                    out.write('\n');
                }
            }
        } catch (GzipFormatException e) {
            throw Positions.bgzfError(uri, e);
        }
    }

    /**
     * A line that is not a data line ({@code first}: its first byte, '#' or a line end) where the part owns lines: at
     * {@code from}, a stale index; further on in plain text, a line that a full scan would have refused (with
     * {@code index=header-only} nothing read it before).
     */
    static DataFormatException notData(String uri, boolean bgzf, long position, boolean atFrom, byte first) {
        if (atFrom) {
            return stale(uri, bgzf, position, first == '#' ? "a header line where the index has a data line"
                    : "an empty line where the index has a data line");
        }
        return Positions.error(uri, bgzf, position, 0, first == '#' ? "header line after data lines" : "empty line",
                "a VCF has no blank lines, and all # lines come before the first variant"
                        + " (if the object changed since preprocessing, preprocess again)");
    }

    private static DataFormatException stale(String uri, boolean bgzf, long position, String what) {
        return Positions.error(uri, bgzf, position, 0, "found " + what,
                "the index does not match the object (a stale .tbi/.csi?); preprocess again");
    }

    private static long parsePos(byte[] b, int from, int to) {
        long pos = 0;
        for (int i = from; i < to && b[i] >= '0' && b[i] <= '9'; i++) {
            pos = pos * 10 + (b[i] - '0');
        }
        return pos;
    }
}
