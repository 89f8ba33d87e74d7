package io.dataplug.core.slice;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many source bytes a partitioning's slices cover, two ways.
 *
 * @param coveredBytes the bytes of the source objects that lie in at least one slice's ranges, each counted once: for
 *                     a partitioning of a whole dataset, its size minus what only corrections carry (a CSV header
 *                     repeated in every slice is read from its index, not from a range)
 * @param rangeBytes   the sum of the lengths of every slice's ranges: what evaluating every slice once reads at most,
 *                     so {@code rangeBytes / coveredBytes} is the over-read a checkpoint span costs
 */
public record SliceCoverage(long coveredBytes, long rangeBytes) {

    public static SliceCoverage of(List<Slice> slices) {
        Map<List<String>, List<long[]>> ranges = new LinkedHashMap<>();
        long sum = 0;
        for (Slice s : slices) {
            for (SlicePart<?> p : s.parts()) {
                sum += p.length();
                if (p.length() > 0) {
                    SourceObject o = p.object();
                    ranges.computeIfAbsent(List.of(String.valueOf(o.endpoint()), o.uri(), String.valueOf(o.etag())),
                            k -> new ArrayList<>()).add(new long[] {p.start(), p.end()});
                }
            }
        }
        long covered = 0;
        for (List<long[]> list : ranges.values()) {
            list.sort(Comparator.comparingLong(r -> r[0]));
            long start = -1;
            long end = -1;
            for (long[] r : list) {
                if (r[0] > end) {
                    covered += end - start;
                    start = r[0];
                    end = r[1];
                } else {
                    end = Math.max(end, r[1]);
                }
            }
            covered += end - start;
        }
        return new SliceCoverage(covered, sum);
    }
}
