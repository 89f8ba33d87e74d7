package io.dataplug.core.formats.fastq;

import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.format.ParamSpec;
import io.dataplug.core.format.ParamType;
import io.dataplug.core.format.Params;
import io.dataplug.core.format.PartitionRequest;
import io.dataplug.core.format.StrategySpec;
import io.dataplug.core.index.IndexedObject;
import io.dataplug.core.slice.Corrections;
import io.dataplug.core.slice.SlicePart;
import java.util.ArrayList;
import java.util.List;

/**
 * The read-based strategies shared by {@code fastq} and {@code fastq-gzip}. Reads are numbered across the
 * dataset's objects in order; a slice is a contiguous range of those numbers, never empty, and becomes one
 * part per object it touches.
 */
final class ReadSlicing {

    static final String BATCHES = "reads-batches";
    static final String PER_SLICE = "reads-per-slice";

    static final List<StrategySpec> STRATEGIES = List.of(
            new StrategySpec(BATCHES, "a given number of slices with balanced read counts (they differ by at most one "
                    + "read); with more slices than reads, one slice per read",
                    List.of(ParamSpec.required("count", ParamType.INT, "number of slices, at least 1"))),
            new StrategySpec(PER_SLICE, "slices of a given number of reads; the last slice holds the remainder",
                    List.of(ParamSpec.required("reads", ParamType.LONG, "reads per slice, at least 1"))));

    /** Makes the part of one object that holds its reads {@code [firstRead, firstRead + reads)}. */
    interface PartMaker<I, C extends Corrections> {
        SlicePart<C> part(IndexedObject<I> object, long firstRead, long reads);
    }

    /** Reads of one object, from its index. */
    interface ReadCount<I> {
        long reads(IndexedObject<I> object);
    }

    private ReadSlicing() {
    }

    static <I, C extends Corrections> List<List<SlicePart<C>>> partition(PartitionRequest<I> request, ReadCount<I> counts,
                                                                          PartMaker<I, C> maker) {
        List<IndexedObject<I>> objects = request.objects();
        long[] reads = new long[objects.size()];
        for (int i = 0; i < reads.length; i++) {
            reads[i] = counts.reads(objects.get(i));
        }
        long[] bounds = bounds(request.strategy(), request.params(), total(request, counts));
        List<List<SlicePart<C>>> slices = new ArrayList<>(bounds.length - 1);
        int obj = 0;
        long objStart = 0;
        for (int s = 0; s + 1 < bounds.length; s++) {
            List<SlicePart<C>> parts = new ArrayList<>(1);
            long g = bounds[s];
            long sliceEnd = bounds[s + 1];
            while (g < sliceEnd) {
                while (g >= objStart + reads[obj]) {
                    objStart += reads[obj];
                    obj++;
                }
                long take = Math.min(sliceEnd, objStart + reads[obj]) - g;
                parts.add(maker.part(objects.get(obj), g - objStart, take));
                g += take;
            }
            slices.add(parts);
        }
        return slices;
    }

    /** Slices the request makes, from the read counts alone. */
    static <I> long count(PartitionRequest<I> request, ReadCount<I> counts) {
        long total = total(request, counts);
        return switch (request.strategy()) {
            case BATCHES -> Math.min(batches(request.params(), request.strategy()), total);
            case PER_SLICE -> {
                long per = perSlice(request.params(), request.strategy());
                yield (total + per - 1) / per;
            }
            default -> throw new IllegalArgumentException("unknown strategy " + request.strategy());
        };
    }

    private static <I> long total(PartitionRequest<I> request, ReadCount<I> counts) {
        long total = 0;
        for (IndexedObject<I> o : request.objects()) {
            total = Math.addExact(total, counts.reads(o));
        }
        return total;
    }

    private static long batches(Params params, String strategy) {
        long count = params.getInt("count");
        Params.requireAtLeast("count", count, 1, "strategy " + strategy);
        return count;
    }

    private static long perSlice(Params params, String strategy) {
        long per = params.getLong("reads");
        Params.requireAtLeast("reads", per, 1, "strategy " + strategy);
        return per;
    }

    /** Global read numbers where slices start, plus {@code total} at the end. */
    static long[] bounds(String strategy, Params params, long total) {
        if (BATCHES.equals(strategy)) {
            int k = (int) Math.min(batches(params, strategy), total);
            long[] b = new long[k + 1];
            long base = k == 0 ? 0 : total / k;
            long extra = k == 0 ? 0 : total % k;
            for (int i = 0; i <= k; i++) {
                b[i] = base * i + Math.min(i, extra);
            }
            return b;
        }
        if (PER_SLICE.equals(strategy)) {
            long per = perSlice(params, strategy);
            long k = (total + per - 1) / per;
            if (k > Integer.MAX_VALUE - 8) {
                throw new InvalidRequestException("strategy " + strategy + " with reads=" + per
                        + " would make " + k + " slices; use more reads per slice");
            }
            long[] b = new long[(int) k + 1];
            for (int i = 0; i <= k; i++) {
                b[i] = Math.min(total, i * per);
            }
            return b;
        }
        throw new IllegalArgumentException("unknown strategy " + strategy);
    }
}
