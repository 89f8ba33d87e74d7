package io.dataplug.core.formats.lidar;

import io.dataplug.core.util.OptionalField;
import java.util.List;

/**
 * The index of one COPC object ({@code index.json}): its header, VLRs, EVLRs, the COPC info VLR and every
 * node of the octree with points, from all hierarchy pages, in file order. No point data is read to make it.
 *
 * @param pages hierarchy pages read
 */
record CopcIndex(int version, LasHeader header, List<Vlr> vlrs, List<Vlr> evlrs, Info info, Nodes nodes, int pages,
                 @OptionalField String crs) {

    static final int VERSION = 1;

    /** The COPC info VLR: the octree's root cube (center, half size) and point spacing. */
    record Info(double centerX, double centerY, double centerZ, double halfSize, double spacing, long rootOffset,
                long rootSize) {
    }

    /** The nodes with points, as columns: key (depth d, x, y, z), and where the node's LAZ chunk is. */
    record Nodes(int[] d, int[] x, int[] y, int[] z, long[] offset, long[] bytes, long[] points) {
        int size() {
            return d.length;
        }
    }

    CopcIndex checked(String where) {
        if (version != VERSION) {
            throw new IllegalStateException(where + ": unsupported copc index version " + version + " (expected " + VERSION
                    + "); preprocess again");
        }
        return this;
    }

    /** Node {@code i}'s XY box in stored integer coordinates {@code x0, x1, y0, y1}, widened by a unit each way. */
    long[] box(int i) {
        double side = 2 * info.halfSize() / Math.pow(2, nodes.d()[i]);
        double x0 = info.centerX() - info.halfSize() + nodes.x()[i] * side;
        double y0 = info.centerY() - info.halfSize() + nodes.y()[i] * side;
        return new long[] {lo(x0, 0), hi(x0 + side, 0), lo(y0, 1), hi(y0 + side, 1)};
    }

    private long lo(double v, int axis) {
        return (long) Math.floor((v - header.offset()[axis]) / header.scale()[axis]) - 1;
    }

    private long hi(double v, int axis) {
        return (long) Math.ceil((v - header.offset()[axis]) / header.scale()[axis]) + 1;
    }
}
