package io.dataplug.core.util;

import java.util.Arrays;

/** Shares a number of slices among objects in proportion to their weights. */
public final class Shares {

    private Shares() {
    }

    /**
     * Slices per object: at least one each, the rest of {@code count} in proportion to {@code weights}
     * ({@code total} their sum), largest remainders first. The result adds up to more than {@code count} only
     * when there are more objects than that.
     */
    public static int[] allocate(double[] weights, double total, int count) {
        int n = weights.length;
        int[] alloc = new int[n];
        if (n == 0) {
            return alloc;
        }
        double[] rest = new double[n];
        int used = 0;
        for (int i = 0; i < n; i++) {
            double exact = count * weights[i] / total;
            alloc[i] = Math.max(1, (int) Math.floor(exact));
            rest[i] = exact - Math.floor(exact);
            used += alloc[i];
        }
        while (used < count) {
            int best = 0;
            for (int i = 1; i < n; i++) {
                if (rest[i] > rest[best]) {
                    best = i;
                }
            }
            alloc[best]++;
            rest[best] = -1;
            used++;
            if (Arrays.stream(rest).allMatch(r -> r < 0)) {
                Arrays.fill(rest, 0);
            }
        }
        return alloc;
    }
}
