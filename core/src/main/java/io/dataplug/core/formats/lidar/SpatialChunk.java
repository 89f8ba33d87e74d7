package io.dataplug.core.formats.lidar;

/**
 * What one preprocessing chunk task found: the points whose records start in its byte range (LAS) or whose
 * LAZ chunks start in it, binned into the fine grid. No point data, only bounds and encoded runs.
 *
 * @param firstPoint first point number covered
 * @param points     points covered
 * @param bounds     integer minX, maxX, minY, maxY, minZ, maxZ of those points (empty when none)
 * @param runs       {@link CellRuns#encode()} of the runs
 */
record SpatialChunk(long firstPoint, long points, long[] bounds, byte[] runs) {
}
