package io.dataplug.core.formats.lidar;

import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.util.Shares;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.ToLongFunction;

/** Shares a slice count among objects and cuts sequences into balanced groups. */
final class Allocation {

    private Allocation() {
    }

    /**
     * Slices of several objects for a total of about {@code count}: each object with points gets at least one,
     * the rest in proportion to its points (largest remainders first).
     */
    static <T> List<List<SlicePart<LidarPart>>> slices(List<T> objects, int count, ToLongFunction<T> points,
                                            BiFunction<T, Integer, List<List<SlicePart<LidarPart>>>> cut) {
        List<T> withPoints = objects.stream().filter(o -> points.applyAsLong(o) > 0).toList();
        double[] weights = withPoints.stream().mapToDouble(o -> (double) points.applyAsLong(o)).toArray();
        int[] alloc = Shares.allocate(weights, java.util.Arrays.stream(weights).sum(), count);
        int n = alloc.length;
        List<List<SlicePart<LidarPart>>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.addAll(cut.apply(withPoints.get(i), alloc[i]));
        }
        return out;
    }

    /** Every object's slices, object after object. */
    static <T> List<List<SlicePart<LidarPart>>> each(List<T> objects, java.util.function.Function<T, List<List<SlicePart<LidarPart>>>> cut) {
        List<List<SlicePart<LidarPart>>> out = new ArrayList<>();
        objects.forEach(o -> out.addAll(cut.apply(o)));
        return out;
    }

    /**
     * Cuts items with these weights into at most {@code groups} contiguous, non-empty groups of similar total
     * weight; returns the boundaries (first item of each group, then the item count).
     */
    static int[] groups(long[] weights, int groups) {
        int n = weights.length;
        int g = Math.min(groups, n);
        if (g == 0) {
            return new int[] {0};
        }
        long total = 0;
        for (long w : weights) {
            total += w;
        }
        int[] bounds = new int[g + 1];
        long acc = 0;
        int k = 1;
        for (int i = 0; i < n && k < g; i++) {
            acc += weights[i];
            // close group k-1 after item i when it reaches its share, leaving an item for each remaining group
            if ((double) acc >= (double) total * k / g && n - (i + 1) >= g - k) {
                bounds[k++] = i + 1;
            }
        }
        while (k < g) { // not enough cuts made (weights concentrated at the end): cut the last items one by one
            bounds[k] = Math.max(bounds[k - 1] + 1, n - (g - k));
            k++;
        }
        bounds[g] = n;
        return bounds;
    }

    /** The {@code rows} and {@code cols} of a grid strategy, checked. */
    static int[] grid(io.dataplug.core.format.Params p, String what) {
        int[] rc = {p.getInt("rows"), p.getInt("cols")};
        for (int i = 0; i < 2; i++) {
            String name = i == 0 ? "rows" : "cols";
            io.dataplug.core.format.Params.requireAtLeast(name, rc[i], 1, what);
            requireAtMost(name, rc[i], GridCells.MAX_CELLS_PER_AXIS, what);
        }
        return rc;
    }

    static void requireAtMost(String name, long value, long max, String what) {
        if (value > max) {
            throw new InvalidRequestException("parameter '" + name + "' of " + what + " must be at most " + max + ", got " + value);
        }
    }
}
