package io.dataplug.core.formats.lidar;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Per cell of a fine grid, the runs {@code [start, end)} of point numbers whose points lie in it, in point
 * order: the spatial index (the idea of LAStools' {@code .lax}). Runs may cover a few points of other cells
 * (runs closer than a gap are merged, and LAZ runs are widened to whole chunks): readers filter exactly, the
 * index only has to name a superset. Stored as varints: per non-empty cell the cell-number delta, the run
 * count, then per run the distance from the previous run's end and its length.
 */
final class CellRuns {

    private final long[][] runs;
    private final int[] used;

    CellRuns(int cells) {
        runs = new long[cells][];
        used = new int[cells];
    }

    int cells() {
        return runs.length;
    }

    /** Adds point {@code n} to {@code cell}: extends the cell's last run when {@code n} is at most {@code gap} after it. */
    void add(int cell, long n, long gap) {
        int u = used[cell];
        long[] r = runs[cell];
        if (u > 0 && n >= r[u - 1] && n - r[u - 1] <= gap) {
            r[u - 1] = n + 1;
            return;
        }
        addRun(cell, n, n + 1);
    }

    /** Appends the run {@code [start, end)} (after the cell's runs), merging it with the last one when they touch. */
    void addRun(int cell, long start, long end) {
        int u = used[cell];
        long[] r = runs[cell];
        if (u > 0 && start <= r[u - 1]) {
            r[u - 1] = Math.max(r[u - 1], end);
            return;
        }
        if (r == null) {
            r = runs[cell] = new long[4];
        } else if (u + 2 > r.length) {
            r = runs[cell] = Arrays.copyOf(r, r.length * 2);
        }
        r[u] = start;
        r[u + 1] = end;
        used[cell] = u + 2;
    }

    /** The cell's runs as a flat {@code start, end, start, end...} array. */
    long[] runs(int cell) {
        return runs[cell] == null ? new long[0] : Arrays.copyOf(runs[cell], used[cell]);
    }

    long runCount() {
        long n = 0;
        for (int u : used) {
            n += u / 2;
        }
        return n;
    }

    /** Appends every run of {@code other} (whose points all follow this one's) cell by cell. */
    void append(CellRuns other) {
        for (int c = 0; c < runs.length; c++) {
            long[] r = other.runs(c);
            for (int i = 0; i < r.length; i += 2) {
                addRun(c, r[i], r[i + 1]);
            }
        }
    }

    /** A copy whose runs are widened to whole chunks ({@code chunkFirst} = first point number of each chunk, plus the total). */
    CellRuns toChunks(long[] chunkFirst) {
        CellRuns out = new CellRuns(runs.length);
        for (int c = 0; c < runs.length; c++) {
            for (int i = 0; i < used[c]; i += 2) {
                int a = chunkOf(chunkFirst, runs[c][i]);
                int b = chunkOf(chunkFirst, runs[c][i + 1] - 1);
                out.addRun(c, chunkFirst[a], chunkFirst[b + 1]);
            }
        }
        return out;
    }

    static int chunkOf(long[] chunkFirst, long point) {
        int i = Arrays.binarySearch(chunkFirst, point);
        return i >= 0 ? i : -i - 2;
    }

    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int prevCell = 0;
        for (int c = 0; c < runs.length; c++) {
            if (used[c] == 0) {
                continue;
            }
            varint(out, c - prevCell);
            prevCell = c;
            varint(out, used[c] / 2);
            long prevEnd = 0;
            for (int i = 0; i < used[c]; i += 2) {
                varint(out, runs[c][i] - prevEnd);
                varint(out, runs[c][i + 1] - runs[c][i]);
                prevEnd = runs[c][i + 1];
            }
        }
        return out.toByteArray();
    }

    static CellRuns decode(byte[] b, int cells) {
        CellRuns r = new CellRuns(cells);
        int[] pos = {0};
        int cell = 0;
        while (pos[0] < b.length) {
            cell += (int) readVarint(b, pos);
            long n = readVarint(b, pos);
            if (cell < 0 || cell >= cells || n < 0) {
                throw new IllegalStateException("corrupt spatial index (cell " + cell + " of " + cells + ")");
            }
            long prevEnd = 0;
            for (long i = 0; i < n; i++) {
                long start = prevEnd + readVarint(b, pos);
                long end = start + readVarint(b, pos);
                r.addRun(cell, start, end);
                prevEnd = end;
            }
        }
        return r;
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long readVarint(byte[] b, int[] pos) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= b.length) {
                throw new IllegalStateException("corrupt spatial index (cut short)");
            }
            byte x = b[pos[0]++];
            v |= (long) (x & 0x7f) << shift;
            if (x >= 0) {
                return v;
            }
        }
        throw new IllegalStateException("corrupt spatial index (bad varint)");
    }
}
