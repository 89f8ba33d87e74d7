package io.dataplug.core.formats.lidar;

/** Which points of what a slice reads it owns: those of its grid cell, or of its point-number range. */
@FunctionalInterface
interface PointFilter {

    /** Every point: the slice owns all it reads. */
    PointFilter ALL = (b, o, n) -> true;

    boolean keeps(byte[] record, int off, long pointNumber);

    static PointFilter of(LidarPart header) {
        GridCells grid = header.grid();
        Long from = header.keepFrom();
        Long to = header.keepTo();
        if (grid != null) {
            int row = header.row();
            int col = header.col();
            return (b, o, n) -> grid.row(PointStats.y(b, o)) == row && grid.col(PointStats.x(b, o)) == col;
        }
        if (from != null || to != null) {
            long a = from == null ? Long.MIN_VALUE : from;
            long z = to == null ? Long.MAX_VALUE : to;
            return (b, o, n) -> n >= a && n < z;
        }
        return ALL;
    }
}
