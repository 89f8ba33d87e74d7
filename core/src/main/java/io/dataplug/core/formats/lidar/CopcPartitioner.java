package io.dataplug.core.formats.lidar;

import io.dataplug.core.index.IndexedObject;
import io.dataplug.core.slice.SlicePart;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/** Cuts one indexed COPC object into slices of whole octree nodes, from its index alone. */
final class CopcPartitioner {

    private final CopcIndex index;
    private final SliceParts parts;
    private final long[] firstPoints;

    CopcPartitioner(IndexedObject object, CopcIndex index) {
        this.index = index;
        this.parts = new SliceParts(object.source(), index.header(), index.vlrs(), index.evlrs());
        CopcIndex.Nodes n = index.nodes();
        firstPoints = new long[n.size() + 1];
        for (int i = 0; i < n.size(); i++) {
            firstPoints[i + 1] = firstPoints[i] + n.points()[i];
        }
    }

    long points() {
        return index.header().pointCount();
    }

    /** Points in the nodes of depth 0..maxDepth. */
    long points(int maxDepth) {
        return IntStream.of(levels(maxDepth)).mapToLong(i -> index.nodes().points()[i]).sum();
    }

    private int[] levels(int maxDepth) {
        return IntStream.range(0, index.nodes().size()).filter(i -> index.nodes().d()[i] <= maxDepth).toArray();
    }

    /** Nodes of depth 0..maxDepth (all of them for {@link Integer#MAX_VALUE}) in about {@code count} LAZ slices. */
    List<List<SlicePart<LidarPart>>> nodes(int maxDepth, int count) {
        int[] ids = levels(maxDepth);
        long[] weights = Arrays.stream(ids).mapToLong(i -> index.nodes().points()[i]).toArray();
        int[] b = Allocation.groups(weights, count);
        List<List<SlicePart<LidarPart>>> out = new ArrayList<>();
        for (int g = 0; g + 1 < b.length; g++) {
            int[] group = Arrays.copyOfRange(ids, b[g], b[g + 1]);
            out.add(parts.slice(LidarPart.LAZ, null, null, null, null, null, chunks(group, null)));
        }
        return out;
    }

    private List<SlicePart<LidarPart>> chunks(int[] ids, long[] boxes) {
        CopcIndex.Nodes n = index.nodes();
        return parts.chunks(ids, n.offset(), n.bytes(), n.points(), firstPoints, boxes);
    }

    /**
     * A rows × cols grid over the header's XY bounds: each cell's slice reads the nodes whose box meets the
     * cell and keeps the points inside it (as LAS). Cells that no node meets give no slice.
     */
    List<List<SlicePart<LidarPart>>> grid(int rows, int cols) {
        List<List<SlicePart<LidarPart>>> out = new ArrayList<>();
        CopcIndex.Nodes n = index.nodes();
        if (n.size() == 0) {
            return out;
        }
        LasHeader h = index.header();
        long[] lo = new long[2];
        long[] hi = new long[2];
        for (int k = 0; k < 2; k++) {
            lo[k] = Math.round((h.min()[k] - h.offset()[k]) / h.scale()[k]);
            hi[k] = Math.max(lo[k], Math.round((h.max()[k] - h.offset()[k]) / h.scale()[k]));
        }
        GridCells grid = new GridCells(lo[0], hi[0], lo[1], hi[1], rows, cols);
        long[] boxes = new long[4 * n.size()];
        for (int i = 0; i < n.size(); i++) {
            System.arraycopy(index.box(i), 0, boxes, 4 * i, 4);
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int row = r;
                int col = c;
                int[] ids = IntStream.range(0, n.size()).filter(i -> grid.meets(row, col, boxes[4 * i], boxes[4 * i + 1],
                        boxes[4 * i + 2], boxes[4 * i + 3])).toArray();
                if (ids.length > 0) {
                    out.add(parts.slice(LidarPart.LAS, grid, r, c, null, null, chunks(ids, boxes)));
                }
            }
        }
        return out;
    }
}
