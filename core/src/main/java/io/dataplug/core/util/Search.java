package io.dataplug.core.util;

import java.util.function.IntPredicate;
import java.util.function.IntToLongFunction;

/** Binary search over sorted tables of any shape (checkpoints, block starts, offsets): one implementation. */
public final class Search {

    private Search() {
    }

    /**
     * The first index in {@code [from, to)} at which {@code before} is false, or {@code to} if there is none;
     * {@code before} must hold on a prefix of the range and nowhere after it.
     */
    public static int firstFalse(int from, int to, IntPredicate before) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (before.test(mid)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * The last index in {@code [0, n)} whose key is at or below {@code x}, or 0 when there is none (the first entry
     * is then the floor); keys must not decrease.
     */
    public static int lastAtOrBelow(int n, IntToLongFunction key, long x) {
        return Math.max(0, firstFalse(0, n, i -> key.applyAsLong(i) <= x) - 1);
    }
}
