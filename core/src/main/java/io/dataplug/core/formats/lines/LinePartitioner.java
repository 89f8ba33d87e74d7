package io.dataplug.core.formats.lines;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.format.PartitionRequest;
import io.dataplug.core.index.IndexedObject;
import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.util.Json;
import java.util.ArrayList;
import java.util.Base64;
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

    /** Beyond this many slices a partitioning is surely a mistake (and its manifest unwieldy). */
    static final int MAX_SLICES = 1_000_000;
    /** Headers up to this size travel inside the slice; longer ones are read from the object. */
    static final int MAX_INLINE_HEADER = 4 << 10;

    private LinePartitioner() {
    }

    private record Piece(IndexedObject object, LineIndex index, long dataStart, long dataBytes, long records, long globalStart) {
    }

    static List<List<SlicePart>> partition(PartitionRequest req, boolean header, LongUnaryOperator slicesForDataBytes,
                                           String unitHint) {
        List<Piece> pieces = new ArrayList<>();
        long dataBytes = 0;
        long records = 0;
        Piece headerSource = null;
        for (IndexedObject o : req.objects()) {
            LineIndex idx = LineIndex.fromJson(o.index(), o.source().uri());
            long dataStart = header ? idx.headerBytes() : 0;
            long recs = header ? Math.max(0, idx.records() - 1) : idx.records();
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
        List<List<SlicePart>> slices = new ArrayList<>();
        if (records == 0) {
            // No records at all: one slice, holding the header alone when there is one.
            List<SlicePart> parts = new ArrayList<>();
            if (headerSource != null) {
                long hb = headerSource.index().headerBytes();
                ObjectNode c = own(hb, hb);
                addHeader(c, headerSource.index());
                parts.add(new SlicePart(headerSource.object().source(), hb, hb, c));
            }
            slices.add(parts);
            return slices;
        }
        long n = Math.min(slicesForDataBytes.applyAsLong(dataBytes), records);
        if (n > MAX_SLICES) {
            throw new InvalidRequestException("this partitioning would make " + n + " slices; at most " + MAX_SLICES
                    + " are allowed" + (unitHint == null ? "" : " (" + unitHint + ")"));
        }
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
            List<SlicePart> parts = new ArrayList<>();
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
                // The first record start at or after the span boundary below ownStart (always a checkpoint).
                long first = idx.ceil(ownStart / idx.span() * idx.span());
                SlicePart part;
                if (first >= ownEnd) {
                    // No record starts in the own range (it lies inside one long record): read nothing.
                    ObjectNode c = own(ownStart, ownStart);
                    if (parts.isEmpty() && headerSource != null) {
                        addHeader(c, idx);
                    }
                    part = new SlicePart(p.object().source(), ownStart, ownStart, c);
                } else {
                    // Start at the first owned record when it is known, else at the checkpoint before ownStart:
                    // either way less than one span before the own range.
                    long from = first >= ownStart ? first : idx.floor(ownStart);
                    long to = idx.ceil(ownEnd);
                    if (from < p.dataStart()) {
                        throw new IllegalStateException(p.object().source().uri() + ": index has no checkpoint at the"
                                + " first data record (" + p.dataStart() + ")");
                    }
                    ObjectNode c = own(ownStart, ownEnd);
                    long resume = idx.floor(ownEnd);
                    if (resume > from) {
                        c.put("resumeAt", resume);
                    }
                    if (parts.isEmpty() && headerSource != null) {
                        addHeader(c, idx);
                    }
                    part = new SlicePart(p.object().source(), from, to, c);
                }
                parts.add(part);
            }
            slices.add(parts);
        }
        return slices;
    }

    private static ObjectNode own(long start, long end) {
        ObjectNode c = Json.object();
        c.put("ownStart", start).put("ownEnd", end);
        return c;
    }

    private static void addHeader(ObjectNode c, LineIndex idx) {
        if (idx.header() != null && idx.headerBytes() <= MAX_INLINE_HEADER) {
            c.put("header", Base64.getEncoder().encodeToString(idx.header()));
        } else {
            c.put("headerBytes", idx.headerBytes());
        }
    }
}
