package io.dataplug.core.formats.lidar;

import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.format.SliceContext;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.slice.SourceObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Evaluates a {@code las} or {@code copc} slice into one valid LAS or LAZ file: the source header with
 * counts, bounds and return counts rewritten, the kept VLRs, the points (records, or compressed chunks copied
 * verbatim behind a new chunk table), the kept EVLRs. The header comes first but depends on the points, so
 * the points are gathered first, in memory up to {@link #BUFFER} bytes; a larger slice is read a second time.
 */
final class LidarSliceWriter {

    static final int BUFFER = 128 << 20;

    private final SliceContext ctx;
    private final SourceObject object;
    private final String uri;
    private final LasHeader header;
    private final LidarPart head;
    private final LaszipVlr laszip;
    private final LazChunkDecoder decoder;
    private final List<SlicePart<LidarPart>> data = new ArrayList<>();
    private final List<LidarPart> dataCorrections = new ArrayList<>();

    private LidarSliceWriter(SliceContext ctx, SourceObject object, LasHeader header, LidarPart head, LaszipVlr laszip) {
        this.ctx = ctx;
        this.object = object;
        this.uri = object.uri();
        this.header = header;
        this.head = head;
        this.laszip = laszip;
        this.decoder = laszip == null ? null : new LazChunkDecoder(laszip, header.recordLength());
    }

    static void evaluate(SliceContext ctx, Slice slice, OutputStream out) throws IOException {
        List<SlicePart<LidarPart>> parts = slice.parts(LidarPart.class);
        String where = "slice " + slice.index() + " of " + slice.dataset();
        if (parts.isEmpty()) {
            throw new IllegalArgumentException(where + ": no parts");
        }
        SlicePart<LidarPart> hp = parts.get(0);
        LidarPart hc = checked(hp, where + " part 0");
        if (!LidarPart.HEADER.equals(hc.role()) || hp.start() != 0) {
            throw new IllegalArgumentException(where + ": the first part must be the object's header");
        }
        SourceObject object = hp.object();
        byte[] headBytes = read(ctx, object, 0, hp.end());
        LasHeader h = LasHeader.parse(headBytes, object.uri(), object.size());
        if (h.offsetToPointData() != hp.end()) {
            throw new DataFormatException(object.uri(), 96, 0, "the point data starts at " + h.offsetToPointData()
                    + ", the slice expects " + hp.end(), "the object changed since it was indexed: preprocess again");
        }
        List<Vlr> vlrs = Vlr.parseVlrs(headBytes, h, object.uri());
        LaszipVlr laszip = null;
        if (h.compressed()) {
            Vlr v = vlrs.stream().filter(Vlr::isLaszip).findFirst().orElseThrow(() -> new DataFormatException(object.uri(),
                    104, 0, "compressed point format without a LASzip VLR", "the file is corrupt"));
            laszip = LaszipVlr.parse(LasLayout.payload(headBytes, v), v.start(), object.uri());
        }
        if (hc.laz() && (laszip == null || hc.grid() != null || hc.keepFrom() != null || hc.keepTo() != null)) {
            throw new IllegalArgumentException(where + ": LAZ output needs a compressed object and no point filter");
        }
        LidarSliceWriter w = new LidarSliceWriter(ctx, object, h, hc, laszip);
        List<SlicePart<LidarPart>> evlrs = new ArrayList<>();
        long evlrCount = 0;
        for (int i = 1; i < parts.size(); i++) {
            SlicePart<LidarPart> p = parts.get(i);
            LidarPart c = checked(p, where + " part " + i);
            if (!p.object().uri().equals(object.uri())) {
                throw new IllegalArgumentException(where + ": a lidar slice reads one object");
            }
            switch (c.role()) {
                case LidarPart.EVLRS -> {
                    evlrs.add(p);
                    evlrCount += c.evlrs();
                }
                case LidarPart.POINTS, LidarPart.CHUNKS -> {
                    boolean chunks = LidarPart.CHUNKS.equals(c.role());
                    if (chunks != h.compressed() || (hc.laz() && !chunks)) {
                        throw new IllegalArgumentException(where + ": " + c.role() + " part on " + (h.compressed()
                                ? "a compressed" : "an uncompressed") + " object, " + hc.output() + " output");
                    }
                    if (!evlrs.isEmpty()) {
                        throw new IllegalArgumentException(where + ": point data after the EVLRs");
                    }
                    w.data.add(p);
                    w.dataCorrections.add(c);
                }
                default -> throw new IllegalArgumentException(where + ": a second header part");
            }
        }
        w.write(out, headBytes, vlrs, evlrs, evlrCount);
    }

    private void write(OutputStream out, byte[] headBytes, List<Vlr> vlrs, List<SlicePart<LidarPart>> evlrs, long evlrCount)
            throws IOException {
        boolean laz = head.laz();
        PointStats stats = new PointStats(header.extendedPoints());
        Payload payload = new Payload(BUFFER);
        gather(stats, payload);

        Set<Integer> drop = new HashSet<>(head.dropVlrs() == null ? List.of() : head.dropVlrs());
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        long keptCount = 0;
        for (int i = 0; i < vlrs.size(); i++) {
            Vlr v = vlrs.get(i);
            if (drop.contains(i) || (!laz && v.isLaszip())) {
                continue;
            }
            kept.write(headBytes, (int) v.start(), (int) (v.end() - v.start()));
            keptCount++;
        }
        long vlrEnd = vlrs.isEmpty() ? header.headerSize() : vlrs.get(vlrs.size() - 1).end();
        int gap = (int) (header.offsetToPointData() - vlrEnd);
        long pointsAt = header.headerSize() + kept.size() + gap;
        byte[] table = laz ? ChunkTable.encode(payload.chunkPoints(), payload.chunkBytes(), laszip.variableChunks()) : null;
        long dataEnd = pointsAt + (laz ? 8 + payload.size() + table.length : payload.size());
        long waveform = head.waveformAt() != null && !evlrs.isEmpty() ? dataEnd + head.waveformAt() : 0;
        int formatByte = laz ? headBytes[104] & 0xff : header.pointFormat();
        out.write(LasHeaderPatch.patch(headBytes, header, stats, pointsAt, keptCount, formatByte,
                evlrs.isEmpty() ? 0 : dataEnd, evlrCount, waveform));
        kept.writeTo(out);
        out.write(headBytes, (int) vlrEnd, gap);
        if (laz) {
            out.write(le64(pointsAt + 8 + payload.size()));
        }
        if (payload.complete()) {
            payload.writeTo(out);
        } else {
            PointStats again = new PointStats(header.extendedPoints());
            gather(again, new Payload(out));
            if (!again.sameAs(stats)) {
                throw new DataFormatException(uri, 0, 0, "the points read a second time differ from the first read",
                        "the object changed while the slice was read: evaluate it again");
            }
        }
        if (laz) {
            out.write(table);
        }
        for (SlicePart<LidarPart> e : evlrs) {
            try (InputStream in = ctx.open(object, e.start(), e.end())) {
                long n = in.transferTo(out);
                if (n != e.length()) {
                    throw new DataFormatException(uri, e.start() + n, 0, "the EVLRs end early", "the file is truncated");
                }
            }
        }
        out.flush();
    }

    /** Reads every data part once, feeding the kept points (or whole chunks) to {@code payload}. */
    private void gather(PointStats stats, Payload payload) throws IOException {
        PointFilter filter = PointFilter.of(head);
        int len = header.recordLength();
        for (int i = 0; i < data.size(); i++) {
            SlicePart<LidarPart> p = data.get(i);
            LidarPart c = dataCorrections.get(i);
            try (InputStream in = ctx.open(object, p.start(), p.end())) {
                if (LidarPart.POINTS.equals(c.role())) {
                    if (p.length() != c.points() * len) {
                        throw new IllegalArgumentException("slice part [" + p.start() + ", " + p.end() + ") is not "
                                + c.points() + " records of " + len + " bytes");
                    }
                    PointRecords.blocks(in, c.firstPoint(), c.points(), len, uri, p.start(), (b, n, first) -> {
                        if (filter == PointFilter.ALL) { // the whole block is kept: one copy
                            for (int r = 0; r < n; r++) {
                                stats.add(b, r * len);
                            }
                            payload.record(b, 0, n * len);
                            return;
                        }
                        for (int r = 0; r < n; r++) {
                            if (filter.keeps(b, r * len, first + r)) {
                                stats.add(b, r * len);
                                payload.record(b, r * len, len);
                            }
                        }
                    });
                } else {
                    chunks(in, p, c, filter, stats, payload);
                }
            }
        }
    }

    private void chunks(InputStream in, SlicePart<LidarPart> p, LidarPart c, PointFilter filter, PointStats stats, Payload payload)
            throws IOException {
        if (decoder == null) {
            throw new IllegalArgumentException("chunk parts on an uncompressed object");
        }
        int len = header.recordLength();
        long at = p.start();
        long first = c.firstPoint();
        long sum = 0;
        for (long b : c.chunkBytes()) {
            sum += b;
        }
        if (sum != p.length()) {
            throw new IllegalArgumentException("slice part [" + p.start() + ", " + p.end() + ") is not its chunks' " + sum + " bytes");
        }
        for (int k = 0; k < c.chunkBytes().length; k++) {
            int bytes = Math.toIntExact(c.chunkBytes()[k]);
            long points = c.chunkPoints()[k];
            byte[] chunk = in.readNBytes(bytes);
            if (chunk.length != bytes) {
                throw new DataFormatException(uri, at + chunk.length, 0, "a LAZ chunk ends early", "the file is truncated");
            }
            long[] box = c.chunkBoxes() == null ? null : java.util.Arrays.copyOfRange(c.chunkBoxes(), 4 * k, 4 * k + 4);
            long chunkAt = at;
            boolean whole = head.laz();
            PointRecords.chunk(decoder, chunk, bytes, points, first, len, uri, at, (b, o, n) -> {
                if (box != null && !inside(box, PointStats.x(b, o), PointStats.y(b, o))) {
                    throw new DataFormatException(uri, chunkAt, 0, "a point of the COPC node at byte " + chunkAt
                            + " lies outside the node's bounds", "grid slices of this file cannot be exact; use the nodes strategy");
                }
                if (whole) {
                    stats.add(b, o);
                } else if (filter.keeps(b, o, n)) {
                    stats.add(b, o);
                    payload.record(b, o, len);
                }
            });
            if (whole) {
                payload.chunk(chunk, points);
            }
            at += bytes;
            first += points;
        }
    }

    /** Corrections are validated when a manifest is read; slices built in this JVM are checked here too. */
    private static LidarPart checked(SlicePart<LidarPart> p, String where) {
        try {
            p.corrections().validate(p);
        } catch (io.dataplug.core.slice.InvalidSliceException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        return p.corrections();
    }

    private static boolean inside(long[] box, long x, long y) {
        return x >= box[0] && x <= box[1] && y >= box[2] && y <= box[3];
    }

    static byte[] read(SliceContext ctx, SourceObject o, long start, long end) throws IOException {
        try (InputStream in = ctx.open(o, start, end)) {
            byte[] b = in.readNBytes((int) (end - start));
            if (b.length != end - start) {
                throw new DataFormatException(o.uri(), start + b.length, 0, "the object ends early", "the file is truncated");
            }
            return b;
        }
    }

    private static byte[] le64(long v) {
        return java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }
}
