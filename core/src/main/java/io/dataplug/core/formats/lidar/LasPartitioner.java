package io.dataplug.core.formats.lidar;

import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.index.IndexedObject;
import io.dataplug.core.slice.SlicePart;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/** Cuts one indexed LAS/LAZ object into slices, from its index alone. */
final class LasPartitioner {

    private final IndexedObject object;
    private final LasIndex index;
    private final Supplier<byte[]> spatialFile;
    private final SliceParts parts;

    LasPartitioner(IndexedObject object, LasIndex index, Supplier<byte[]> spatialFile) {
        this.object = object;
        this.index = index;
        this.spatialFile = spatialFile;
        this.parts = new SliceParts(object.source(), index.header(), index.vlrs(), index.evlrs());
    }

    long points() {
        return index.header().pointCount();
    }

    /** About {@code count} slices of contiguous points; LAZ: of whole chunks, written as LAZ. */
    List<List<SlicePart<LidarPart>>> chunks(int count) {
        List<List<SlicePart<LidarPart>>> out = new ArrayList<>();
        if (index.compressed()) {
            int[] b = Allocation.groups(index.chunkPoints(), count);
            for (int g = 0; g + 1 < b.length; g++) {
                out.add(parts.slice(LidarPart.LAZ, null, null, null, null, null, lazChunks(b[g], b[g + 1])));
            }
            return out;
        }
        long n = points();
        long k = Math.min(count, n);
        for (long i = 0; i < k; i++) {
            long from = i * n / k;
            long to = (i + 1) * n / k;
            out.add(parts.slice(LidarPart.LAS, null, null, null, null, null, List.of(parts.points(from, to - from))));
        }
        return out;
    }

    /** Slices of exactly {@code size} consecutive points (the last fewer). */
    List<List<SlicePart<LidarPart>>> pointsPerSlice(long size) {
        List<List<SlicePart<LidarPart>>> out = new ArrayList<>();
        long[] first = index.compressed() ? index.chunkFirstPoints() : null;
        for (long from = 0; from < points(); from += size) {
            long to = Math.min(points(), from + size);
            if (first == null) {
                out.add(parts.slice(LidarPart.LAS, null, null, null, null, null, List.of(parts.points(from, to - from))));
            } else {
                int a = CellRuns.chunkOf(first, from);
                int b = CellRuns.chunkOf(first, to - 1);
                out.add(parts.slice(LidarPart.LAS, null, null, null, from, to, lazChunks(a, b + 1)));
            }
        }
        return out;
    }

    private List<SlicePart<LidarPart>> lazChunks(int from, int to) {
        int[] ids = new int[to - from];
        Arrays.setAll(ids, i -> from + i);
        long[] s = index.chunkStarts();
        long[] bytes = new long[index.chunkCount()];
        Arrays.setAll(bytes, i -> s[i + 1] - s[i]);
        return parts.chunks(ids, s, bytes, index.chunkPoints(), index.chunkFirstPoints(), null);
    }

    /** One slice per non-empty cell of a rows × cols grid over the object's XY bounds, row by row from the smallest Y. */
    List<List<SlicePart<LidarPart>>> grid(int rows, int cols) {
        LasIndex.Spatial spatial = index.spatial();
        if (spatial == null) {
            throw new InvalidRequestException(object.source().uri() + ": the grid strategy needs the spatial index, "
                    + "but this dataset was preprocessed with spatial-index=false; preprocess it with spatial-index=true");
        }
        List<List<SlicePart<LidarPart>>> out = new ArrayList<>();
        long[] bounds = spatial.bounds();
        if (points() == 0 || bounds.length == 0) {
            return out;
        }
        GridCells fine = spatial.fine();
        GridCells grid = new GridCells(bounds[0], bounds[1], bounds[2], bounds[3], rows, cols);
        CellRuns runs = CellRuns.decode(spatialFile.get(), fine.rows() * fine.cols());
        for (int r = 0; r < rows; r++) {
            int f0 = fine.row(clamp(grid.rowStart(r), fine.minY(), fine.maxY()));
            int f1 = fine.row(clamp(grid.rowEnd(r) - 1, fine.minY(), fine.maxY()));
            for (int c = 0; c < cols; c++) {
                if (!grid.meets(r, c, bounds[0], bounds[1], bounds[2], bounds[3])) {
                    continue; // no point can be in this cell
                }
                int g0 = fine.col(clamp(grid.colStart(c), fine.minX(), fine.maxX()));
                int g1 = fine.col(clamp(grid.colEnd(c) - 1, fine.minX(), fine.maxX()));
                long[] ranges = union(runs, fine, f0, f1, g0, g1);
                if (ranges.length == 0) {
                    continue;
                }
                List<SlicePart<LidarPart>> data = index.compressed() ? gridChunks(ranges) : gridPoints(ranges);
                out.add(parts.slice(LidarPart.LAS, grid, r, c, null, null, data));
            }
        }
        return out;
    }

    private static long clamp(long v, long min, long max) {
        return Math.max(min - 1, Math.min(max + 1, v));
    }

    /** The merged runs of fine cells rows f0..f1, cols g0..g1. */
    private static long[] union(CellRuns runs, GridCells fine, int f0, int f1, int g0, int g1) {
        List<long[]> all = new ArrayList<>();
        for (int fr = f0; fr <= f1; fr++) {
            for (int fc = g0; fc <= g1; fc++) {
                long[] r = runs.runs(fr * fine.cols() + fc);
                for (int i = 0; i < r.length; i += 2) {
                    all.add(new long[] {r[i], r[i + 1]});
                }
            }
        }
        all.sort((a, b) -> Long.compare(a[0], b[0]));
        long[] out = new long[2 * all.size()];
        int n = 0;
        for (long[] r : all) {
            if (n > 0 && r[0] <= out[n - 1]) {
                out[n - 1] = Math.max(out[n - 1], r[1]);
            } else {
                out[n++] = r[0];
                out[n++] = r[1];
            }
        }
        return Arrays.copyOf(out, n);
    }

    private List<SlicePart<LidarPart>> gridPoints(long[] ranges) {
        long gap = Math.max(0, SliceParts.MERGE_GAP / index.header().recordLength());
        List<SlicePart<LidarPart>> data = new ArrayList<>();
        long a = ranges[0];
        long b = ranges[1];
        for (int i = 2; i <= ranges.length; i += 2) {
            if (i < ranges.length && ranges[i] - b <= gap) {
                b = ranges[i + 1];
                continue;
            }
            data.add(parts.points(a, b - a));
            if (i < ranges.length) {
                a = ranges[i];
                b = ranges[i + 1];
            }
        }
        return data;
    }

    private List<SlicePart<LidarPart>> gridChunks(long[] ranges) {
        long[] first = index.chunkFirstPoints();
        java.util.BitSet chunks = new java.util.BitSet();
        for (int i = 0; i < ranges.length; i += 2) {
            chunks.set(CellRuns.chunkOf(first, ranges[i]), CellRuns.chunkOf(first, ranges[i + 1] - 1) + 1);
        }
        int[] ids = chunks.stream().toArray();
        long[] s = index.chunkStarts();
        long[] bytes = new long[index.chunkCount()];
        Arrays.setAll(bytes, i -> s[i + 1] - s[i]);
        return parts.chunks(ids, s, bytes, index.chunkPoints(), first, null);
    }
}
