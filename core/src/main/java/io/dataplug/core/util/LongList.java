package io.dataplug.core.util;

import java.util.Arrays;

/** A growable array of longs (offsets, bit positions), without boxing. */
public final class LongList {

    private long[] a = new long[16];
    private int n;

    public void add(long v) {
        if (n == a.length) {
            a = Arrays.copyOf(a, n * 2);
        }
        a[n++] = v;
    }

    public long get(int i) {
        return a[i];
    }

    public int size() {
        return n;
    }

    public long[] toArray() {
        return Arrays.copyOf(a, n);
    }
}
