package io.dataplug.core.formats.cog;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/** Groups byte ranges into runs that one ranged read each can fetch. */
final class Coalesce {

    private Coalesce() {
    }

    /**
     * Splits {@code sorted} (ordered by start) into runs in which each range starts at most {@code gap} bytes
     * after the end of the ranges before it in the run.
     */
    static <T> List<List<T>> runs(List<T> sorted, ToLongFunction<T> start, ToLongFunction<T> end, long gap) {
        List<List<T>> runs = new ArrayList<>();
        long runEnd = Long.MIN_VALUE;
        for (T t : sorted) {
            if (runs.isEmpty() || start.applyAsLong(t) > runEnd + gap) {
                runs.add(new ArrayList<>());
                runEnd = Long.MIN_VALUE;
            }
            runs.get(runs.size() - 1).add(t);
            runEnd = Math.max(runEnd, end.applyAsLong(t));
        }
        return runs;
    }

    /** Start of a run: its first range's start. */
    static <T> long start(List<T> run, ToLongFunction<T> start) {
        return start.applyAsLong(run.get(0));
    }

    /** End of a run: the furthest end of its ranges. */
    static <T> long end(List<T> run, ToLongFunction<T> end) {
        return run.stream().mapToLong(end).max().orElseThrow();
    }
}
