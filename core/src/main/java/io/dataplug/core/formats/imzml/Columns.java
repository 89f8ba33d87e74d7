package io.dataplug.core.formats.imzml;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A table stored as fixed-width little-endian columns one after another (column {@code c} of {@code rows} rows
 * starts at {@code rows * (widths of the columns before c)}), so any run of rows of one column is one ranged read.
 * Columns are {@code int[]} (width 4) or {@code long[]} (width 8).
 */
final class Columns {

    private final int[] widths;

    Columns(int... widths) {
        this.widths = widths.clone();
    }

    int count() {
        return widths.length;
    }

    int width(int column) {
        return widths[column];
    }

    /** Byte offset of row {@code row} of {@code column} in a table of {@code rows} rows. */
    long offset(int column, long rows, long row) {
        long start = 0;
        for (int c = 0; c < column; c++) {
            start += rows * widths[c];
        }
        return start + row * widths[column];
    }

    long size(long rows) {
        return offset(widths.length - 1, rows, rows);
    }

    /** Encodes the first {@code rows} values of each column (one {@code int[]} or {@code long[]} per column). */
    byte[] encode(int rows, Object... columns) {
        if (columns.length != widths.length) {
            throw new IllegalArgumentException("expected " + widths.length + " columns, got " + columns.length);
        }
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(size(rows))).order(ByteOrder.LITTLE_ENDIAN);
        for (int c = 0; c < columns.length; c++) {
            if (widths[c] == 4) {
                int[] v = (int[]) columns[c];
                for (int r = 0; r < rows; r++) {
                    b.putInt(v[r]);
                }
            } else {
                long[] v = (long[]) columns[c];
                for (int r = 0; r < rows; r++) {
                    b.putLong(v[r]);
                }
            }
        }
        return b.array();
    }

    int[] intColumn(byte[] table, int rows, int column) {
        return ints(table, (int) offset(column, rows, 0), rows);
    }

    long[] longColumn(byte[] table, int rows, int column) {
        return longs(table, (int) offset(column, rows, 0), rows);
    }

    static int[] ints(byte[] data, int offset, int count) {
        int[] v = new int[count];
        ByteBuffer.wrap(data, offset, count * 4).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(v);
        return v;
    }

    static long[] longs(byte[] data, int offset, int count) {
        long[] v = new long[count];
        ByteBuffer.wrap(data, offset, count * 8).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(v);
        return v;
    }
}
