package io.dataplug.core.formats.lines;

import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.format.PartitionRequest;
import io.dataplug.core.index.IndexedObject;
import io.dataplug.core.slice.SlicePart;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * Cuts line-oriented objects into slices balanced by data bytes, from the indexes alone.
 *
 * <p>The data bytes of all objects (each object minus its header record) are laid end to end and cut at
 * {@code g_i = floor(i * D / n)}. A record belongs to the slice whose range holds its first byte, so records
 * are never split or repeated wherever the cuts fall. Each slice gets one part per object piece: the bytes
 * from a known record start less than one span before the piece (its first record when the index shows it)
 * to the checkpoint at or after its end (an upper bound of where its last record ends), and the corrections
 * that tell evaluation which records are its own. A piece in which no record can start reads nothing.
 */
final class LinePartitioner {

    /** Headers up to this size travel inside the slice; longer ones are read from the object. */
    static final int MAX_INLINE_HEADER = 4 << 10;

    private LinePartitioner() {
    }

    private record Piece(IndexedObject<LineIndex> object, LineIndex index, long dataStart, long dataBytes, long records, long globalStart) {
    }

    /**
     * The objects' data laid end to end: its pieces, totals, the object whose header every slice repeats, and
     * whether the indexes count records (not so for header-only indexes).
     */
    private record Layout(List<Piece> pieces, long dataBytes, long records, boolean counted, Piece headerSource) {

        boolean empty() {
            return counted ? records == 0 : dataBytes == 0;
        }

        /**
         * Slices made: one per cut, at most one per record (per data byte without record counts, so a header-only
         * slice may hold no record); one (the header alone) when there is no record.
         */
        long slices(LongUnaryOperator slicesForDataBytes) {
            return empty() ? 1 : Math.min(slicesForDataBytes.applyAsLong(dataBytes), counted ? records : dataBytes);
        }
    }

    static long count(PartitionRequest<LineIndex> req, boolean header, boolean selfSync, LongUnaryOperator slicesForDataBytes) {
        return layout(req, header, selfSync).slices(slicesForDataBytes);
    }

    private static Layout layout(PartitionRequest<LineIndex> req, boolean header, boolean selfSync) {
        List<Piece> pieces = new ArrayList<>();
        long dataBytes = 0;
        long records = 0;
        boolean counted = true;
        Piece headerSource = null;
        for (IndexedObject<LineIndex> o : req.objects()) {
            LineIndex idx = o.index();
            long dataStart = header ? idx.headerBytes() : 0;
            if (!idx.recordsKnown() && (header || !selfSync)) {
                throw new IllegalStateException(o.source().uri() + ": a header-only index serves only formats without"
                        + " headers or quoting; preprocess the dataset again");
            }
            counted &= idx.recordsKnown();
            long recs = !idx.recordsKnown() ? 0 : header ? Math.max(0, idx.records() - 1) : idx.records();
            Piece p = new Piece(o, idx, dataStart, idx.size() - dataStart, recs, dataBytes);
            if (header && idx.hasHeader()) {
                if (headerSource == null) {
                    headerSource = p;
                } else if (!headerSource.index().headerSha256().equals(idx.headerSha256())) {
                    throw new InvalidRequestException("objects " + headerSource.object().source().uri() + " and "
                            + o.source().uri() + " have different header lines; every slice starts with one header, so all "
                            + "objects of a dataset must share it byte for byte (or set header=false)");
                }
            }
            pieces.add(p);
            dataBytes += p.dataBytes();
            records += recs;
        }
        return new Layout(pieces, dataBytes, records, counted, headerSource);
    }

    /**
     * @param selfSync whether a line feed always ends a record (no quoting): a part may then start one byte before
     *                 its own range, wherever that is, and skip to the first line feed at evaluation
     */
    static List<List<SlicePart<LineCorrections>>> partition(PartitionRequest<LineIndex> req, boolean header,
                                                             boolean selfSync, LongUnaryOperator slicesForDataBytes) {
        Layout layout = layout(req, header, selfSync);
        List<Piece> pieces = layout.pieces();
        long dataBytes = layout.dataBytes();
        Piece headerSource = layout.headerSource();
        List<List<SlicePart<LineCorrections>>> slices = new ArrayList<>();
        if (layout.empty()) {
            // No records at all: one slice, holding the header alone when there is one.
            List<SlicePart<LineCorrections>> parts = new ArrayList<>();
            if (headerSource != null) {
                long hb = headerSource.index().headerBytes();
                LineCorrections c = withHeader(LineCorrections.own(hb, hb), headerSource.index());
                parts.add(new SlicePart<>(headerSource.object().source(), hb, hb, c));
            }
            slices.add(parts);
            return slices;
        }
        long n = layout.slices(slicesForDataBytes);
        long[] cuts = new long[(int) n + 1];
        long q = dataBytes / n;
        long r = dataBytes % n;
        for (int i = 0; i <= n; i++) {
            cuts[i] = i * q + (i * r) / n;
        }
        int k = 0;
        for (int i = 0; i < n; i++) {
            long lo = cuts[i];
            long hi = cuts[i + 1];
            List<SlicePart<LineCorrections>> parts = new ArrayList<>();
            while (k < pieces.size() && pieces.get(k).globalStart() + pieces.get(k).dataBytes() <= lo) {
                k++;
            }
            for (int j = k; j < pieces.size() && pieces.get(j).globalStart() < hi; j++) {
                Piece p = pieces.get(j);
                if (p.dataBytes() == 0) {
                    continue;
                }
                long ownStart = p.dataStart() + Math.max(0, lo - p.globalStart());
                long ownEnd = p.dataStart() + Math.min(p.dataBytes(), hi - p.globalStart());
                LineIndex idx = p.index();
                if (!idx.recordsKnown()) {
                    // Header-only: from the byte before the own range (the record boundary rule finds the first own
                    // record) to the end of the object, an upper bound; evaluation stops after the last own record.
                    long from = ownStart > p.dataStart() ? ownStart - 1 : ownStart;
                    parts.add(new SlicePart<>(p.object().source(), from, idx.size(), LineCorrections.own(ownStart, ownEnd)));
                    continue;
                }
                // The first record start at or after the span boundary below ownStart (always a checkpoint).
                long first = idx.ceil(ownStart / idx.span() * idx.span());
                SlicePart<LineCorrections> part;
                if (first >= ownEnd) {
                    // No record starts in the own range (it lies inside one long record): read nothing.
                    LineCorrections c = LineCorrections.own(ownStart, ownStart);
                    if (parts.isEmpty() && headerSource != null) {
                        c = withHeader(c, idx);
                    }
                    part = new SlicePart<>(p.object().source(), ownStart, ownStart, c);
                } else {
                    // Start at the first owned record when it is known, else at the checkpoint before ownStart:
                    // either way less than one span before the own range.
                    // Without quoting, the byte before ownStart is as good a start as a checkpoint (no over-read).
                    long from = first >= ownStart ? first
                            : selfSync ? (ownStart > p.dataStart() ? ownStart - 1 : ownStart) : idx.floor(ownStart);
                    long to = idx.ceil(ownEnd);
                    if (from < p.dataStart()) {
                        throw new IllegalStateException(p.object().source().uri() + ": index has no checkpoint at the"
                                + " first data record (" + p.dataStart() + ")");
                    }
                    LineCorrections c = LineCorrections.own(ownStart, ownEnd);
                    long resume = idx.floor(ownEnd);
                    if (resume > from) {
                        c = c.resumingAt(resume);
                    }
                    if (parts.isEmpty() && headerSource != null) {
                        c = withHeader(c, idx);
                    }
                    part = new SlicePart<>(p.object().source(), from, to, c);
                }
                parts.add(part);
            }
            slices.add(parts);
        }
        return slices;
    }

    private static LineCorrections withHeader(LineCorrections c, LineIndex idx) {
        boolean inline = idx.header() != null && idx.headerBytes() <= MAX_INLINE_HEADER;
        return c.withHeader(inline ? idx.header() : null, idx.headerBytes());
    }
}
