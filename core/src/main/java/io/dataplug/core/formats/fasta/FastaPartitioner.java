package io.dataplug.core.formats.fasta;

import io.dataplug.core.index.IndexedObject;
import io.dataplug.core.slice.SlicePart;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts the objects of a dataset, seen as one concatenated byte range, into slices balanced by bytes, at
 * allowed cut points only:
 * <ul>
 *   <li>{@code sequences}: the start of every record (a record's bytes run from its header to the next
 *       header, blank lines included; an object's first record also takes any blank lines before it);</li>
 *   <li>{@code chunks}: those, plus the start of every sequence line of a record except its first line.</li>
 * </ul>
 * The cut points are never listed (there is one per line): each record contributes one group of them, and
 * rank and select over the groups are binary searches. With {@code C} cut points after the dataset's first
 * byte, {@code min(count, C + 1)} slices are made, none empty: cut {@code j} is the allowed point nearest to
 * {@code j * total / slices} that still leaves one point for each later cut.
 */
final class FastaPartitioner {

    private final List<IndexedObject<FastaIndex>> objects;
    private final FastaIndex[] indexes;
    private final long[] base;
    private final long total;

    // candidate groups, in position order: candidate 0 at groupStart; candidate m >= 1 at lineStart + m * step
    private final int[] groupObject;
    private final long[] groupStart;
    private final long[] groupLine;
    private final long[] groupStep;
    private final long[] groupFirst; // index of the group's first candidate; one extra entry: the total count

    FastaPartitioner(List<IndexedObject<FastaIndex>> objects, boolean withinSequences) {
        this.objects = objects;
        indexes = new FastaIndex[objects.size()];
        base = new long[objects.size()];
        long t = 0;
        int groups = 0;
        for (int i = 0; i < objects.size(); i++) {
            IndexedObject<FastaIndex> o = objects.get(i);
            indexes[i] = o.index();
            if (indexes[i].size() != o.source().size()) {
                throw new IllegalStateException(o.source().uri() + ": index is for " + indexes[i].size()
                        + " bytes, object has " + o.source().size());
            }
            base[i] = t;
            t += indexes[i].size();
            if (indexes[i].size() > 0) {
                groups += Math.max(1, indexes[i].records());
            }
        }
        total = t;
        groupObject = new int[groups];
        groupStart = new long[groups];
        groupLine = new long[groups];
        groupStep = new long[groups];
        groupFirst = new long[groups + 1];
        int g = 0;
        long count = 0;
        for (int i = 0; i < indexes.length; i++) {
            FastaIndex x = indexes[i];
            if (x.size() == 0) {
                continue;
            }
            if (x.records() == 0) { // only blank lines
                g = addGroup(g, i, base[i], 0, 0, count);
                count++;
                continue;
            }
            for (int r = 0; r < x.records(); r++) {
                long lines = withinSequences ? x.lines(r) : 0;
                long start = r == 0 ? base[i] : base[i] + x.header()[r];
                g = addGroup(g, i, start, base[i] + x.offset()[r], x.lineWidth()[r], count);
                count += Math.max(1, lines);
            }
        }
        groupFirst[groups] = count;
    }

    private int addGroup(int g, int object, long start, long line, long step, long first) {
        groupObject[g] = object;
        groupStart[g] = start;
        groupLine[g] = line;
        groupStep[g] = step;
        groupFirst[g] = first;
        return g + 1;
    }

    /** Slices {@link #partition} makes: one per allowed cut point at most, none for an empty dataset. */
    long slices(int count) {
        return total == 0 ? 0 : Math.min(count, groupFirst[groupFirst.length - 1]);
    }

    List<List<SlicePart<FastaCorrections>>> partition(int count) {
        if (total == 0) {
            return List.of();
        }
        long candidates = groupFirst[groupFirst.length - 1]; // candidate 0 is position 0
        int slices = (int) slices(count);
        long[] cuts = new long[slices + 1];
        long prev = 0; // index of the previous cut's candidate
        for (int j = 1; j < slices; j++) {
            long target = (total / slices) * j + (total % slices) * j / slices;
            long lo = prev + 1;
            long hi = candidates - (slices - j);
            long below = Math.min(hi, Math.max(lo, rank(target) - 1));
            long above = Math.min(hi, Math.max(lo, rank(target)));
            long pb = select(below);
            long pa = select(above);
            prev = Math.abs(pa - target) < Math.abs(pb - target) ? above : below;
            cuts[j] = select(prev);
        }
        cuts[slices] = total;
        List<List<SlicePart<FastaCorrections>>> out = new ArrayList<>(slices);
        for (int s = 0; s < slices; s++) {
            out.add(parts(cuts[s], cuts[s + 1]));
        }
        return out;
    }

    /** Number of candidates at or before global position {@code pos}. */
    private long rank(long pos) {
        int g = Arrays.binarySearch(groupStart, pos);
        g = g >= 0 ? g : -g - 2;
        if (g < 0) {
            return 0;
        }
        long inGroup = groupFirst[g + 1] - groupFirst[g];
        long m = 0;
        if (inGroup > 1 && pos >= groupLine[g] + groupStep[g]) {
            m = Math.min(inGroup - 1, (pos - groupLine[g]) / groupStep[g]);
        }
        return groupFirst[g] + m + 1;
    }

    /** Global position of candidate {@code idx}. */
    private long select(long idx) {
        int g = Arrays.binarySearch(groupFirst, idx); // strictly increasing: every group holds a candidate
        g = g >= 0 ? g : -g - 2;
        long m = idx - groupFirst[g];
        return m == 0 ? groupStart[g] : groupLine[g] + m * groupStep[g];
    }

    private List<SlicePart<FastaCorrections>> parts(long from, long to) {
        List<SlicePart<FastaCorrections>> parts = new ArrayList<>();
        int last = -1;
        for (int i = 0; i < indexes.length; i++) {
            long start = Math.max(from, base[i]) - base[i];
            long end = Math.min(to, base[i] + indexes[i].size()) - base[i];
            if (end <= start) {
                continue;
            }
            // an object whose last line has no terminator must not run into the next part's first line
            if (last >= 0 && !indexes[last].endsWithNewline()) {
                SlicePart<FastaCorrections> p = parts.get(parts.size() - 1);
                parts.set(parts.size() - 1, new SlicePart<>(p.object(), p.start(), p.end(),
                        p.corrections().appending(indexes[last].lineEnding())));
            }
            parts.add(new SlicePart<>(objects.get(i).source(), start, end, corrections(i, start)));
            last = i;
        }
        return parts;
    }

    /** A part that starts inside a sequence gets the record's header with {@code offset=<residues before>}. */
    private FastaCorrections corrections(int i, long start) {
        FastaIndex x = indexes[i];
        int r = x.recordAt(start);
        if (r >= 0 && start > x.header()[r]) {
            long into = start - x.offset()[r];
            if (into <= 0 || x.lineWidth()[r] == 0 || into % x.lineWidth()[r] != 0 || into / x.lineWidth()[r] >= x.lines(r)) {
                throw new IllegalStateException(objects.get(i).source().uri() + ": cut at " + start
                        + " is not a sequence line start of record " + r);
            }
            return FastaCorrections.header(x.header()[r], x.offset()[r] - x.eol()[r],
                    into / x.lineWidth()[r] * x.lineBases()[r], x.eol()[r] == 2 ? "\r\n" : "\n");
        }
        return FastaCorrections.NONE;
    }
}
