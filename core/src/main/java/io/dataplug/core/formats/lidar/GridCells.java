package io.dataplug.core.formats.lidar;

/**
 * A rows × cols grid over the stored integer X/Y coordinates {@code [minX, maxX] × [minY, maxY]}: cells are
 * half-open, the last row and column closed, and points outside the bounds belong to the nearest edge cell,
 * so every point is in exactly one cell. Column of x: {@code floor((x - minX) * cols / (maxX - minX))},
 * exact in integers (the world coordinate {@code x * scale + offset} is monotone in x, so this is the same
 * cell as in world coordinates). Row 0 holds the smallest Y.
 */
public record GridCells(long minX, long maxX, long minY, long maxY, int rows, int cols) {

    public static final int MAX_CELLS_PER_AXIS = 1 << 16;

    public GridCells {
        if (rows < 1 || cols < 1 || rows > MAX_CELLS_PER_AXIS || cols > MAX_CELLS_PER_AXIS || maxX < minX || maxY < minY) {
            throw new IllegalArgumentException("bad grid " + rows + "x" + cols + " over [" + minX + ", " + maxX + "] x ["
                    + minY + ", " + maxY + "]");
        }
    }

    public int col(long x) {
        return index(x, minX, maxX, cols);
    }

    public int row(long y) {
        return index(y, minY, maxY, rows);
    }

    public int cell(long x, long y) {
        return row(y) * cols + col(x);
    }

    private static int index(long v, long min, long max, int n) {
        if (max == min) {
            return 0;
        }
        long i = Math.floorDiv((v - min) * n, max - min);
        return (int) Math.max(0, Math.min(n - 1, i));
    }

    /** Smallest x in column {@code c} ({@link Long#MIN_VALUE} for the first column). */
    long colStart(int c) {
        return start(c, minX, maxX, cols);
    }

    /** Smallest x after column {@code c} ({@link Long#MAX_VALUE} for the last one). */
    long colEnd(int c) {
        return c == cols - 1 ? Long.MAX_VALUE : start(c + 1, minX, maxX, cols);
    }

    long rowStart(int r) {
        return start(r, minY, maxY, rows);
    }

    long rowEnd(int r) {
        return r == rows - 1 ? Long.MAX_VALUE : start(r + 1, minY, maxY, rows);
    }

    private static long start(int i, long min, long max, int n) {
        if (i == 0) {
            return Long.MIN_VALUE;
        }
        if (max == min) {
            return Long.MAX_VALUE; // every point is in cell 0
        }
        return min + Math.ceilDiv(i * (max - min), n);
    }

    /** Whether cell (row, col) meets the box {@code [x0, x1] × [y0, y1]} (inclusive). */
    boolean meets(int row, int col, long x0, long x1, long y0, long y1) {
        return x1 >= colStart(col) && x0 < colEnd(col) && y1 >= rowStart(row) && y0 < rowEnd(row);
    }
}
