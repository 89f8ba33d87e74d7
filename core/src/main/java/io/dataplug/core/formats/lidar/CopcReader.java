package io.dataplug.core.formats.lidar;

import io.dataplug.core.format.DataFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/** Reads a COPC object's info VLR and walks every hierarchy page, with ranged GETs and no point data. */
final class CopcReader {

    private static final int ENTRY = 32;
    private static final long MAX_PAGE = 64L << 20;

    private CopcReader() {
    }

    static CopcIndex read(LasLayout.Ranges r, LasLayout layout, String uri, long size) {
        LasHeader h = layout.header();
        Vlr infoVlr = layout.vlrs().isEmpty() ? null : layout.vlrs().get(0);
        if (infoVlr == null || !infoVlr.is("copc", 1) || infoVlr.payloadLength() < 160) {
            throw new DataFormatException(uri, h.headerSize(), 0, "no COPC info VLR (user 'copc', record 1) as the first VLR",
                    "this is not a COPC file; read it with the las format");
        }
        if (h.versionMinor() != 4 || h.pointFormat() < 6 || h.pointFormat() > 8 || layout.chunks() == null) {
            throw new DataFormatException(uri, 104, 0, "COPC needs LAS 1.4 LAZ with point format 6, 7 or 8 (got LAS "
                    + h.version() + ", format " + h.pointFormat() + (h.compressed() ? ", LAZ" : ", uncompressed") + ")",
                    "the file is not valid COPC");
        }
        ByteBuffer b = ByteBuffer.wrap(LasLayout.payload(layout.headerBytes(), infoVlr)).order(ByteOrder.LITTLE_ENDIAN);
        CopcIndex.Info info = new CopcIndex.Info(b.getDouble(0), b.getDouble(8), b.getDouble(16), b.getDouble(24),
                b.getDouble(32), b.getLong(40), b.getLong(48));
        if (!(info.halfSize() > 0)) {
            throw new DataFormatException(uri, infoVlr.payloadStart() + 24, 0, "COPC cube half size " + info.halfSize(),
                    "the COPC info VLR is corrupt");
        }
        List<long[]> nodes = new ArrayList<>();
        Deque<long[]> pages = new ArrayDeque<>();
        pages.add(new long[] {info.rootOffset(), info.rootSize()});
        int pageCount = 0;
        while (!pages.isEmpty()) {
            long[] pg = pages.poll();
            if (pg[0] < h.offsetToPointData() || pg[1] < 0 || pg[1] % ENTRY != 0 || pg[1] > MAX_PAGE || pg[0] + pg[1] > size) {
                throw new DataFormatException(uri, pg[0], 0, "COPC hierarchy page [" + pg[0] + ", +" + pg[1]
                        + ") is not inside the object", "the file is truncated or its hierarchy corrupt");
            }
            if (++pageCount > 1_000_000) {
                throw new DataFormatException(uri, pg[0], 0, "more than a million hierarchy pages (a cycle?)", null);
            }
            ByteBuffer e = ByteBuffer.wrap(r.read(pg[0], pg[0] + pg[1])).order(ByteOrder.LITTLE_ENDIAN);
            for (int o = 0; o < pg[1]; o += ENTRY) {
                long offset = e.getLong(o + 16);
                int bytes = e.getInt(o + 24);
                int points = e.getInt(o + 28);
                if (points == -1) {
                    pages.add(new long[] {offset, bytes});
                } else if (points > 0) {
                    nodes.add(new long[] {e.getInt(o), e.getInt(o + 4), e.getInt(o + 8), e.getInt(o + 12), offset, bytes, points});
                } else if (points < -1) {
                    throw new DataFormatException(uri, pg[0] + o, 0, "hierarchy entry with " + points + " points",
                            "the COPC hierarchy is corrupt");
                }
            }
        }
        nodes.sort(Comparator.comparingLong(n -> n[4]));
        check(nodes, layout, uri);
        int n = nodes.size();
        CopcIndex.Nodes cols = new CopcIndex.Nodes(new int[n], new int[n], new int[n], new int[n], new long[n], new long[n],
                new long[n]);
        for (int i = 0; i < n; i++) {
            long[] v = nodes.get(i);
            cols.d()[i] = (int) v[0];
            cols.x()[i] = (int) v[1];
            cols.y()[i] = (int) v[2];
            cols.z()[i] = (int) v[3];
            cols.offset()[i] = v[4];
            cols.bytes()[i] = v[5];
            cols.points()[i] = v[6];
        }
        return new CopcIndex(CopcIndex.VERSION, h, layout.vlrs(), layout.evlrs(), info, cols, pageCount, layout.crs());
    }

    /** Every node is one chunk of the LAZ chunk table, with its point count; together they hold every point. */
    private static void check(List<long[]> nodes, LasLayout layout, String uri) {
        ChunkTable t = layout.chunks();
        long total = 0;
        for (long[] v : nodes) {
            int c = Arrays.binarySearch(t.starts(), v[4]);
            if (c < 0 || c >= t.chunks() || t.bytes(c) != v[5] || t.points()[c] != v[6]) {
                throw new DataFormatException(uri, v[4], 0, "hierarchy node " + v[0] + "-" + v[1] + "-" + v[2] + "-" + v[3]
                        + " (" + v[5] + " bytes, " + v[6] + " points) is not a chunk of the LAZ chunk table",
                        "the COPC hierarchy is corrupt");
            }
            total += v[6];
        }
        if (total != layout.header().pointCount()) {
            throw new DataFormatException(uri, 247, 0, "the hierarchy lists " + total + " points, the header says "
                    + layout.header().pointCount(), "the COPC hierarchy is incomplete or corrupt");
        }
    }
}
