package io.dataplug.core.formats.lidar;

import java.io.IOException;
import java.io.InputStream;

/**
 * A preprocessing chunk task of {@code las}: bins the points of one byte range of the object into the fine
 * grid. Uncompressed: the records starting in the range; LAZ: the chunks starting in it (each decoded alone).
 */
final class SpatialScanner {

    /** Points of a cell at most this many bytes apart share a run: one GET is cheaper than two. */
    static final long GAP_BYTES = 16 << 10;

    private SpatialScanner() {
    }

    /** The fine grid: {@code cells} × {@code cells} over the header's bounds, in stored integer coordinates. */
    static GridCells fineGrid(LasHeader h, int cells) {
        long[] lo = new long[2];
        long[] hi = new long[2];
        for (int k = 0; k < 2; k++) {
            double a = (h.min()[k] - h.offset()[k]) / h.scale()[k];
            double b = (h.max()[k] - h.offset()[k]) / h.scale()[k];
            boolean ok = Double.isFinite(a) && Double.isFinite(b) && a <= b && Math.abs(a) < 1e15 && Math.abs(b) < 1e15;
            lo[k] = ok ? (long) Math.floor(a) : 0;
            hi[k] = ok ? (long) Math.ceil(b) : 0;
        }
        return new GridCells(lo[0], hi[0], lo[1], hi[1], cells, cells);
    }

    static SpatialChunk scan(PointRecords.Opener object, LasLayout layout, GridCells fine, long start, long end, String uri)
            throws IOException {
        LasHeader h = layout.header();
        int len = h.recordLength();
        CellRuns runs = new CellRuns(fine.rows() * fine.cols());
        PointStats stats = new PointStats(h.extendedPoints());
        long first;
        long count;
        if (layout.chunks() == null) {
            long p = h.offsetToPointData();
            first = clamp(Math.ceilDiv(start - p, (long) len), h.pointCount());
            long last = clamp(Math.ceilDiv(end - p, (long) len), h.pointCount());
            count = Math.max(0, last - first);
            long gap = GAP_BYTES / len;
            if (count > 0) {
                long at = p + first * len;
                try (InputStream in = object.open(at, at + count * len)) {
                    PointRecords.uncompressed(in, first, count, len, uri, at, (b, o, n) -> {
                        stats.add(b, o);
                        runs.add(fine.cell(PointStats.x(b, o), PointStats.y(b, o)), n, gap);
                    });
                }
            }
        } else {
            ChunkTable t = layout.chunks();
            LazChunkDecoder decoder = new LazChunkDecoder(layout.laszip(), len);
            long pointNo = 0;
            first = -1;
            count = 0;
            for (int c = 0; c < t.chunks(); c++) {
                long s = t.starts()[c];
                if (s >= start && s < end) {
                    first = first < 0 ? pointNo : first;
                    byte[] chunk = object.read(s, t.starts()[c + 1], uri);
                    java.util.BitSet touched = new java.util.BitSet(runs.cells());
                    PointRecords.chunk(decoder, chunk, chunk.length, t.points()[c], pointNo, len, uri, s, (b, o, n) -> {
                        stats.add(b, o);
                        touched.set(fine.cell(PointStats.x(b, o), PointStats.y(b, o)));
                    });
                    // A LAZ chunk is read whole or not at all: runs name whole chunks.
                    for (int cell = touched.nextSetBit(0); cell >= 0; cell = touched.nextSetBit(cell + 1)) {
                        runs.addRun(cell, pointNo, pointNo + t.points()[c]);
                    }
                    count += t.points()[c];
                }
                pointNo += t.points()[c];
            }
            first = Math.max(0, first);
        }
        return new SpatialChunk(first, count, bounds(stats), runs.encode());
    }

    static long[] bounds(PointStats s) {
        return s.count == 0 ? new long[0] : new long[] {s.min[0], s.max[0], s.min[1], s.max[1], s.min[2], s.max[2]};
    }

    private static long clamp(long v, long n) {
        return Math.max(0, Math.min(n, v));
    }
}
