package io.dataplug.core.formats.lidar;

import io.dataplug.core.util.OptionalField;
import java.util.List;

/**
 * The index of one LAS/LAZ object ({@code index.json}, read by partitioning). The spatial index itself
 * (runs of point numbers per fine cell) is the side file {@value #SPATIAL_FILE}.
 *
 * @param header     the object's header as parsed
 * @param vlrs       its VLRs, in order
 * @param evlrs      its extended VLRs (LAS 1.4; the waveform record of LAS 1.3)
 * @param chunkStarts LAZ: each chunk's offset plus one past the last chunk; null for LAS
 * @param chunkPoints LAZ: points in each chunk
 * @param variableChunks LAZ: the chunk table lists point counts (LASzip chunk size "variable")
 * @param crs        the CRS as the file states it (WKT, or EPSG codes from GeoTIFF keys), or null
 * @param spatial    the spatial index, or null when built with {@code spatial-index=false}
 */
record LasIndex(int version, LasHeader header, List<Vlr> vlrs, List<Vlr> evlrs, @OptionalField long[] chunkStarts,
                @OptionalField long[] chunkPoints, boolean variableChunks, @OptionalField String crs,
                @OptionalField Spatial spatial) {

    static final int VERSION = 1;
    static final String SPATIAL_FILE = "spatial.bin";

    /**
     * @param fine   the fine grid (over the header's bounds, in stored integer coordinates)
     * @param bounds the points' actual integer bounds: minX, maxX, minY, maxY, minZ, maxZ (empty when no points)
     * @param runs   runs in {@value #SPATIAL_FILE}
     */
    record Spatial(GridCells fine, long[] bounds, long runs) {
    }

    LasIndex checked(String where) {
        if (version != VERSION) {
            throw new IllegalStateException(where + ": unsupported las index version " + version + " (expected " + VERSION
                    + "); preprocess again");
        }
        return this;
    }

    boolean compressed() {
        return chunkStarts != null;
    }

    int chunkCount() {
        return chunkPoints == null ? 0 : chunkPoints.length;
    }

    /** First point number of each chunk, plus the total. */
    long[] chunkFirstPoints() {
        long[] f = new long[chunkPoints.length + 1];
        for (int i = 0; i < chunkPoints.length; i++) {
            f[i + 1] = f[i] + chunkPoints[i];
        }
        return f;
    }
}
