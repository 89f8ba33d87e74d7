package io.dataplug.core.formats.lidar;

import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.slice.SourceObject;
import java.util.ArrayList;
import java.util.List;

/** Builds the parts every lidar slice shares: the header with its VLRs first, the kept EVLRs last. */
final class SliceParts {

    /** Byte gap below which two ranges of one slice are read as one. */
    static final long MERGE_GAP = 64 << 10;

    private final SourceObject source;
    private final LasHeader header;
    private final List<Vlr> vlrs;
    private final List<Vlr> evlrs;

    SliceParts(SourceObject source, LasHeader header, List<Vlr> vlrs, List<Vlr> evlrs) {
        this.source = source;
        this.header = header;
        this.vlrs = vlrs;
        this.evlrs = evlrs;
    }

    /** One slice: header part, {@code data} parts, EVLR parts. */
    List<SlicePart<LidarPart>> slice(String output, GridCells grid, Integer row, Integer col, Long keepFrom, Long keepTo,
                          List<SlicePart<LidarPart>> data) {
        List<Integer> drop = new ArrayList<>();
        for (int i = 0; i < vlrs.size(); i++) {
            if (vlrs.get(i).isCopc()) {
                drop.add(i);
            }
        }
        List<SlicePart<LidarPart>> evlrParts = new ArrayList<>();
        Long waveformAt = null;
        long keptBytes = 0;
        long runStart = -1;
        long runEnd = -1;
        int runCount = 0;
        for (Vlr v : evlrs) {
            if (v.isCopc()) {
                continue;
            }
            if (v.is("LASF_Spec", 65535) && waveformAt == null) {
                waveformAt = keptBytes;
            }
            keptBytes += v.end() - v.start();
            if (runCount > 0 && v.start() == runEnd) {
                runEnd = v.end();
                runCount++;
                continue;
            }
            if (runCount > 0) {
                evlrParts.add(part(runStart, runEnd, LidarPart.evlrs(runCount)));
            }
            runStart = v.start();
            runEnd = v.end();
            runCount = 1;
        }
        if (runCount > 0) {
            evlrParts.add(part(runStart, runEnd, LidarPart.evlrs(runCount)));
        }
        List<SlicePart<LidarPart>> parts = new ArrayList<>();
        parts.add(part(0, header.offsetToPointData(),
                LidarPart.header(output, drop, grid, row, col, keepFrom, keepTo, waveformAt)));
        parts.addAll(data);
        parts.addAll(evlrParts);
        return parts;
    }

    SlicePart<LidarPart> part(long start, long end, LidarPart corrections) {
        return new SlicePart<>(source, start, end, corrections);
    }

    /** Uncompressed records {@code [first, first + count)}. */
    SlicePart<LidarPart> points(long first, long count) {
        long p = header.offsetToPointData();
        int len = header.recordLength();
        return part(p + first * len, p + (first + count) * len, LidarPart.points(first, count));
    }

    /**
     * The chunks {@code ids} (in file order) as parts, one per run of chunks adjacent in the object.
     *
     * @param boxes per chunk id its integer box (4 values), or null
     */
    List<SlicePart<LidarPart>> chunks(int[] ids, long[] offset, long[] bytes, long[] points, long[] firstPoint, long[] boxes) {
        List<SlicePart<LidarPart>> parts = new ArrayList<>();
        int i = 0;
        while (i < ids.length) {
            int j = i + 1;
            while (j < ids.length && offset[ids[j - 1]] + bytes[ids[j - 1]] == offset[ids[j]]) {
                j++;
            }
            long[] p = new long[j - i];
            long[] b = new long[j - i];
            long[] x = boxes == null ? null : new long[4 * (j - i)];
            for (int k = i; k < j; k++) {
                p[k - i] = points[ids[k]];
                b[k - i] = bytes[ids[k]];
                if (x != null) {
                    System.arraycopy(boxes, 4 * ids[k], x, 4 * (k - i), 4);
                }
            }
            long start = offset[ids[i]];
            long end = offset[ids[j - 1]] + bytes[ids[j - 1]];
            parts.add(part(start, end, LidarPart.chunks(firstPoint[ids[i]], p, b, x)));
            i = j;
        }
        return parts;
    }
}
