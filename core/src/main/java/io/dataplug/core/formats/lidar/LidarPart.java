package io.dataplug.core.formats.lidar;

import io.dataplug.core.slice.Corrections;
import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.util.OptionalField;
import java.util.Arrays;
import java.util.List;

/**
 * The corrections of one part of a {@code las} or {@code copc} slice. A slice's parts are, in order: the
 * object's header and VLRs ({@code header}), the point data it reads ({@code points}: uncompressed records;
 * {@code chunks}: whole LAZ chunks or COPC nodes), and the EVLRs it keeps ({@code evlrs}).
 *
 * @param role       {@code header}, {@code points}, {@code chunks} or {@code evlrs}
 * @param output     header: {@code las} (uncompressed records) or {@code laz} (compressed chunks copied verbatim)
 * @param dropVlrs   header: positions (from 0) of the VLRs the slice leaves out (COPC's own VLRs)
 * @param grid       header: keep only the points of cell ({@code row}, {@code col}) of this grid
 * @param keepFrom   header: keep only point numbers {@code [keepFrom, keepTo)} (points-per-slice on LAZ)
 * @param waveformAt header: offset of the waveform data packet record within the kept EVLRs, if kept
 * @param firstPoint points/chunks: number of the part's first point in its object
 * @param points     points: records in the part
 * @param chunkPoints chunks: points in each chunk of the part
 * @param chunkBytes chunks: bytes of each chunk (they add up to the part's length)
 * @param chunkBoxes chunks, COPC grid: each node's integer box {@code x0, x1, y0, y1} (inclusive); a point
 *                   outside its node's box would escape the grid's node selection, so it fails the slice
 * @param evlrs      evlrs: EVLRs in the part
 */
record LidarPart(String role, @OptionalField String output, @OptionalField List<Integer> dropVlrs,
                 @OptionalField GridCells grid, @OptionalField Integer row, @OptionalField Integer col,
                 @OptionalField Long keepFrom, @OptionalField Long keepTo, @OptionalField Long waveformAt,
                 @OptionalField Long firstPoint, @OptionalField Long points, @OptionalField long[] chunkPoints,
                 @OptionalField long[] chunkBytes, @OptionalField long[] chunkBoxes, @OptionalField Integer evlrs)
        implements Corrections {

    static final String HEADER = "header";
    static final String POINTS = "points";
    static final String CHUNKS = "chunks";
    static final String EVLRS = "evlrs";
    static final String LAS = "las";
    static final String LAZ = "laz";

    static LidarPart header(String output, List<Integer> dropVlrs, GridCells grid, Integer row, Integer col, Long keepFrom,
                            Long keepTo, Long waveformAt) {
        return new LidarPart(HEADER, output, dropVlrs.isEmpty() ? null : dropVlrs, grid, row, col, keepFrom, keepTo,
                waveformAt, null, null, null, null, null, null);
    }

    static LidarPart points(long firstPoint, long points) {
        return new LidarPart(POINTS, null, null, null, null, null, null, null, null, firstPoint, points, null, null, null, null);
    }

    static LidarPart chunks(long firstPoint, long[] chunkPoints, long[] chunkBytes, long[] chunkBoxes) {
        return new LidarPart(CHUNKS, null, null, null, null, null, null, null, null, firstPoint, null, chunkPoints,
                chunkBytes, chunkBoxes, null);
    }

    static LidarPart evlrs(int count) {
        return new LidarPart(EVLRS, null, null, null, null, null, null, null, null, null, null, null, null, null, count);
    }

    /** Each role has its fields; a grid names its cell; chunk lists agree with each other and with the part. */
    @Override
    public void validate(SlicePart<?> part) {
        boolean ok = switch (role == null ? "" : role) {
            case HEADER -> (LAS.equals(output) || LAZ.equals(output)) && part.start() == 0
                    && (grid == null || (row != null && col != null && row >= 0 && row < grid.rows() && col >= 0
                    && col < grid.cols()));
            case POINTS -> firstPoint != null && points != null && points >= 0 && firstPoint >= 0;
            case CHUNKS -> firstPoint != null && chunkPoints != null && chunkBytes != null
                    && chunkPoints.length == chunkBytes.length
                    && Arrays.stream(chunkBytes).allMatch(b -> b > 0 && b <= Integer.MAX_VALUE)
                    && Arrays.stream(chunkPoints).allMatch(n -> n >= 0 && n <= Integer.MAX_VALUE)
                    && Arrays.stream(chunkBytes).sum() == part.length()
                    && (chunkBoxes == null || chunkBoxes.length == 4 * chunkPoints.length);
            case EVLRS -> evlrs != null && evlrs >= 0;
            default -> false;
        };
        Corrections.require(ok, "malformed lidar corrections for role '" + role + "' on part [" + part.start() + ", "
                + part.end() + ")");
    }

    boolean laz() {
        return LAZ.equals(output);
    }
}
