package io.dataplug.core.formats.imzml;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The .ibd of a slice: the 16-byte UUID, then every distinct array range of its spectra once, in the order they
 * lie in the original (so they are read front to back). A continuous file's shared m/z array is thus written once,
 * and so is any range several spectra share. Empty arrays point at offset 16 with length 0.
 */
final class IbdPlan {

    final long[] sourceStart;
    final long[] sourceEnd;
    /** New offset, length and encoded length of each spectrum's arrays, indexed like {@link Selected#arrays()}. */
    final long[][] arrays;
    final long size;

    private IbdPlan(long[] sourceStart, long[] sourceEnd, long[][] arrays, long size) {
        this.sourceStart = sourceStart;
        this.sourceEnd = sourceEnd;
        this.arrays = arrays;
        this.size = size;
    }

    static IbdPlan of(Selected s) {
        int n = s.count();
        long[][] out = new long[Tables.ARRAY_COLUMNS.count()][n];
        Integer[] refs = new Integer[2 * n]; // 2i: m/z of spectrum i, 2i+1: its intensities
        int m = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 2; k++) {
                int base = k == 0 ? Tables.MZ : Tables.INTENSITY;
                out[base + Tables.LENGTH][i] = s.arrays()[base + Tables.LENGTH][i];
                out[base + Tables.ENCODED][i] = s.arrays()[base + Tables.ENCODED][i];
                out[base + Tables.OFFSET][i] = 16;
                if (s.arrays()[base + Tables.ENCODED][i] > 0) {
                    refs[m++] = 2 * i + k;
                }
            }
        }
        Integer[] sorted = Arrays.copyOf(refs, m);
        Arrays.sort(sorted, Comparator.<Integer>comparingLong(r -> offset(s, r)).thenComparingLong(r -> encoded(s, r)));
        long[] starts = new long[m];
        long[] ends = new long[m];
        int ranges = 0;
        long pos = 16;
        for (Integer r : sorted) {
            long off = offset(s, r);
            long end = off + encoded(s, r);
            if (ranges == 0 || starts[ranges - 1] != off || ends[ranges - 1] != end) {
                starts[ranges] = off;
                ends[ranges] = end;
                ranges++;
                pos += end - off;
            }
            int base = r % 2 == 0 ? Tables.MZ : Tables.INTENSITY;
            out[base + Tables.OFFSET][r / 2] = pos - (end - off);
        }
        return new IbdPlan(Arrays.copyOf(starts, ranges), Arrays.copyOf(ends, ranges), out, pos);
    }

    /** The new m/z ({@code base} {@link Tables#MZ}) or intensity array of spectrum {@code i}: offset, length, encoded. */
    long[] array(int base, int i) {
        return new long[] {arrays[base + Tables.OFFSET][i], arrays[base + Tables.LENGTH][i], arrays[base + Tables.ENCODED][i]};
    }

    private static long offset(Selected s, int ref) {
        return s.arrays()[(ref % 2 == 0 ? Tables.MZ : Tables.INTENSITY) + Tables.OFFSET][ref / 2];
    }

    private static long encoded(Selected s, int ref) {
        return s.arrays()[(ref % 2 == 0 ? Tables.MZ : Tables.INTENSITY) + Tables.ENCODED][ref / 2];
    }
}
