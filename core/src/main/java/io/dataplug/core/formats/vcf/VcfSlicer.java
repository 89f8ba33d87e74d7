package io.dataplug.core.formats.vcf;

import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.gzip.Bgzf;
import io.dataplug.core.gzip.VirtualOffset;
import io.dataplug.core.index.IndexedObject;
import io.dataplug.core.index.MetadataLayout;
import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.util.Search;
import io.dataplug.core.util.Shares;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Cuts indexed VCF objects into slices, from the indexes alone. Every slice lies in one object, reads from
 * a checkpoint (a known data-line start) and owns:
 * <ul>
 *   <li>{@code chunks}: the data lines starting in {@code [from, to)}, both checkpoints, balanced by bytes;</li>
 *   <li>{@code regions contigs=true}: one contig's lines, {@code [contig start, contig end)};</li>
 *   <li>{@code regions bp=n}: the lines of one contig whose POS is in {@code [first, last]} (a window
 *       {@code [k*n+1, (k+1)*n]}), found by scanning {@code [from, to)}.</li>
 * </ul>
 */
final class VcfSlicer {

    private final boolean bgzf;

    VcfSlicer(boolean bgzf) {
        this.bgzf = bgzf;
    }

    /** One indexed object, ready to cut. */
    record Loaded(IndexedObject<VcfIndex> object, VcfIndex index, long[] v, long[] before, long[] after, String headerUri) {
    }

    Loaded load(IndexedObject<VcfIndex> o) {
        VcfIndex index = o.index();
        Checkpoints c = index.checkpoints().decode();
        // plain VCF slices read the header from the object itself; only vcf-bgzip keeps it (decompressed) apart
        String header = bgzf
                ? MetadataLayout.sideFile(ObjectLocation.parse(o.metadataDir()), VcfIndex.HEADER_FILE).toUri() : null;
        return new Loaded(o, index, c.v(), c.before(), c.after(), header);
    }

    // ---------------------------------------------------------------------------------------------- chunks

    List<List<SlicePart<VcfCorrections>>> chunks(List<Loaded> objects, int count) {
        List<Loaded> withData = withData(objects);
        int[] alloc = allocate(withData, count);
        List<List<SlicePart<VcfCorrections>>> slices = new ArrayList<>();
        for (int i = 0; i < withData.size(); i++) {
            Loaded o = withData.get(i);
            if (o.index().headerOnly()) {
                evenCuts(o, alloc[i], slices);
                continue;
            }
            long[] bounds = cuts(o, alloc[i]);
            for (int j = 0; j + 1 < bounds.length; j++) {
                slices.add(List.of(part(o, bounds[j], bounds[j + 1], null, -1, -1)));
            }
        }
        return slices;
    }

    /** As many as {@link #chunks} makes: each object's share, but no more than its checkpoints allow. */
    long chunksCount(List<Loaded> objects, int count) {
        List<Loaded> withData = withData(objects);
        int[] alloc = allocate(withData, count);
        long n = 0;
        for (int i = 0; i < alloc.length; i++) {
            Loaded o = withData.get(i);
            if (o.index().headerOnly()) {
                n += Math.min(alloc[i], dataBytes(o));
                continue;
            }
            int[] c = candidates(o);
            n += Math.min(alloc[i], c[1] - c[0] + 1);
        }
        return n;
    }

    /** Objects that may hold a variant: counted ones with variants, header-only ones with bytes after the header. */
    private static List<Loaded> withData(List<Loaded> objects) {
        return objects.stream().filter(o -> o.index().headerOnly() ? dataBytes(o) > 0 : o.index().variants() > 0).toList();
    }

    private static long dataBytes(Loaded o) {
        return o.index().dataEnd() - o.index().dataStart();
    }

    /**
     * Header-only: {@code min(n, data bytes)} slices owning the lines that start in even byte ranges
     * {@code [d + floor(i*D/k), d + floor((i+1)*D/k))}. A part reads from the byte before its own range (the first line
     * feed there ends the line that straddles it) to the object's end, an upper bound; evaluation stops at the first
     * line starting past the range. Only the first part starts at a known line start, the header's end.
     */
    private void evenCuts(Loaded o, int n, List<List<SlicePart<VcfCorrections>>> slices) {
        long d = o.index().dataStart();
        long bytes = dataBytes(o);
        int k = (int) Math.min(n, bytes);
        long q = bytes / k;
        long r = bytes % k;
        for (int i = 0; i < k; i++) {
            long from = d + i * q + (i * r) / k;
            long to = d + (i + 1) * q + ((i + 1) * r) / k;
            VcfCorrections c = new VcfCorrections(o.headerUri(), o.index().headerLength(), from, to, null, null, null);
            slices.add(List.of(new SlicePart<>(o.object().source(), from == d ? from : from - 1, o.index().dataEnd(), c)));
        }
    }

    private int[] allocate(List<Loaded> withData, int count) {
        double[] weights = new double[withData.size()];
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            Loaded o = withData.get(i);
            weights[i] = Math.max(1, key(o.index().dataEnd(), -1) - key(o.index().dataStart(), -1));
            total += weights[i];
        }
        return Shares.allocate(weights, total, count);
    }

    /** Up to {@code n + 1} increasing positions from data start to data end, all checkpoints, near even bytes. */
    private long[] cuts(Loaded o, int n) {
        VcfIndex idx = o.index();
        int[] c = candidates(o);
        long[] cand = Arrays.copyOfRange(o.v(), c[0], c[1]);
        double[] keys = keys(cand, idx.dataEnd());
        double k0 = key(idx.dataStart(), cand.length > 0 ? cand[0] : idx.dataEnd());
        double k1 = key(idx.dataEnd(), -1);
        long[] out = new long[Math.min(n, cand.length + 1) + 1];
        int m = 0;
        out[m++] = idx.dataStart();
        int prev = -1;
        for (int i = 1; i < n && prev + 1 < cand.length; i++) {
            double target = k0 + (k1 - k0) * i / n;
            int j = Search.firstFalse(0, keys.length, k -> keys[k] < target);
            if (j > 0 && (j == keys.length || target - keys[j - 1] <= keys[j] - target)) {
                j--;
            }
            if (j <= prev) {
                j = prev + 1;
            }
            out[m++] = cand[j];
            prev = j;
        }
        out[m++] = idx.dataEnd();
        return Arrays.copyOf(out, m);
    }

    /** The checkpoints strictly inside the object's data, where a chunk may be cut: indexes {@code [lo, hi)}. */
    private static int[] candidates(Loaded o) {
        long[] v = o.v();
        int lo = 0;
        while (lo < v.length && v[lo] <= o.index().dataStart()) {
            lo++;
        }
        int hi = v.length;
        while (hi > lo && v[hi - 1] >= o.index().dataEnd()) {
            hi--;
        }
        return new int[] {lo, hi};
    }

    /**
     * A byte position to balance on. Plain: the offset. BGZF: the block's compressed offset plus the
     * in-block fraction of the distance to the next block, so that cuts inside one block spread too.
     */
    private double[] keys(long[] cand, long end) {
        double[] keys = new double[cand.length];
        long next = end;
        for (int i = cand.length - 1; i >= 0; i--) {
            if (i + 1 < cand.length && VirtualOffset.blockOf(cand[i + 1]) != VirtualOffset.blockOf(cand[i])) {
                next = cand[i + 1];
            }
            keys[i] = key(cand[i], next);
        }
        return keys;
    }

    private double key(long pos, long nextDistinct) {
        if (!bgzf) {
            return pos;
        }
        long block = VirtualOffset.blockOf(pos);
        long inBlock = VirtualOffset.inBlockOf(pos);
        long nextBlock = nextDistinct >= 0 && VirtualOffset.blockOf(nextDistinct) > block ? VirtualOffset.blockOf(nextDistinct)
                : block + 1;
        return block + (double) inBlock / Bgzf.MAX_BLOCK * (nextBlock - block);
    }

    // --------------------------------------------------------------------------------------------- regions

    List<List<SlicePart<VcfCorrections>>> contigs(List<Loaded> objects) {
        List<List<SlicePart<VcfCorrections>>> slices = new ArrayList<>();
        for (Loaded o : objects) {
            Set<String> names = new HashSet<>();
            for (VcfIndex.Contig c : o.index().contigs()) {
                if (!names.add(c.name())) {
                    throw notSorted(o, "contig " + c.name() + " is not in one block");
                }
            }
            for (VcfIndex.Contig c : o.index().contigs()) {
                slices.add(List.of(part(o, c.start(), c.end(), c.name(), -1, -1)));
            }
        }
        return slices;
    }

    long contigsCount(List<Loaded> objects) {
        return objects.stream().mapToLong(o -> o.index().contigs().size()).sum();
    }

    /** Exactly as many as {@link #windows} makes, in time proportional to the index, not to the windows. */
    long windowsCount(List<Loaded> objects, long bp) {
        long[] n = {0};
        for (Loaded o : objects) {
            if (!o.index().sorted()) {
                throw notSorted(o, o.index().unsorted());
            }
            for (VcfIndex.Contig c : o.index().contigs()) {
                windowRuns(o, c, bp, (first, end, from, to) -> n[0] += to > from ? end - first : 0);
            }
        }
        return n[0];
    }

    List<List<SlicePart<VcfCorrections>>> windows(List<Loaded> objects, long bp) {
        List<List<SlicePart<VcfCorrections>>> slices = new ArrayList<>();
        for (Loaded o : objects) {
            if (!o.index().sorted()) {
                throw notSorted(o, o.index().unsorted());
            }
            for (VcfIndex.Contig c : o.index().contigs()) {
                windowRuns(o, c, bp, (first, end, from, to) -> {
                    for (long k = first; to > from && k < end; k++) {
                        slices.add(List.of(part(o, from, to, c.name(), windowStart(k, bp), windowEnd(k, bp))));
                    }
                });
            }
        }
        return slices;
    }

    /** Windows {@code [first, end)} of one contig, all reading the lines between checkpoints {@code [from, to)}. */
    private interface WindowRun {
        void windows(long first, long end, long from, long to);
    }

    /**
     * The windows of a contig that meet a span of its variants, as runs of windows that read the same checkpoints
     * (a window whose checkpoints hold no line gives no slice). A window reads from the last checkpoint whose lines
     * all lie before it to the first whose lines all lie after it; both change only where a window's start passes a
     * checkpoint's "before" bound or its end reaches an "after" bound, so a run ends there.
     */
    private void windowRuns(Loaded o, VcfIndex.Contig c, long bp, WindowRun run) {
        // The contig's checkpoints, with bounds made monotone: a bound that holds for a later checkpoint's
        // earlier lines holds for this one's; one that holds from an earlier checkpoint on holds from here on.
        long[] v = o.v();
        int lo = Search.firstFalse(0, v.length, k -> v[k] < c.start());
        int hi = Search.firstFalse(0, v.length, k -> v[k] < c.end());
        if (lo == hi || v[lo] != c.start()) {
            throw new IllegalStateException(o.object().source().uri() + ": index has no checkpoint at the start of contig "
                    + c.name() + "; preprocess again");
        }
        int n = hi - lo;
        long[] cv = Arrays.copyOfRange(v, lo, hi);
        long[] cb = new long[n];
        long[] ca = new long[n];
        for (int i = 0; i < n; i++) {
            long b = o.before()[lo + i];
            cb[i] = i == 0 ? 0 : (b == Checkpoints.UNKNOWN_BEFORE ? Long.MAX_VALUE : b);
            ca[i] = o.after()[lo + i];
        }
        for (int i = n - 2; i >= 0; i--) {
            cb[i] = Math.min(cb[i], cb[i + 1]);
        }
        for (int i = 1; i < n; i++) {
            ca[i] = Math.max(ca[i], ca[i - 1]);
        }
        long[] spans = c.spans();
        long lastWindow = -1;
        for (int s = 0; s + 1 < spans.length; s += 2) {
            long k = Math.max(window(spans[s], bp), lastWindow + 1);
            long last = window(spans[s + 1], bp);
            while (k <= last) {
                long a = windowStart(k, bp);
                long b = windowEnd(k, bp);
                // the last checkpoint whose lines before it all have POS below a (cb[0] is 0), the first whose lines
                // from it on all have POS above b
                int j = Math.max(0, Search.firstFalse(0, n, x -> cb[x] < a) - 1);
                int e = Search.firstFalse(0, n, x -> ca[x] <= b);
                long next = last + 1;
                if (j + 1 < n) { // the first window that starts above the next checkpoint's bound
                    next = Math.min(next, Math.max(1, Math.ceilDiv(cb[j + 1], bp)));
                }
                if (e < n) { // the first window that ends at or above the bound of checkpoint e
                    next = Math.min(next, Math.ceilDiv(ca[e] - bp, bp));
                }
                next = Math.max(next, k + 1);
                run.windows(k, next, cv[j], e < n ? cv[e] : c.end());
                k = next;
            }
            lastWindow = Math.max(lastWindow, last);
        }
    }

    private static long windowStart(long k, long bp) {
        return k == 0 ? 0 : k * bp + 1;
    }

    private static long windowEnd(long k, long bp) {
        return k * bp + bp;
    }

    /** The window holding POS {@code pos}: [k*bp+1, (k+1)*bp], POS 0 (telomere) with the first. */
    private static long window(long pos, long bp) {
        return pos <= 0 ? 0 : (pos - 1) / bp;
    }

    private static InvalidRequestException notSorted(Loaded o, String why) {
        return new InvalidRequestException(o.object().source().uri() + " is not sorted by position (" + why
                + "): strategy regions needs a coordinate-sorted VCF (bcftools sort); chunks works on any VCF");
    }

    // ------------------------------------------------------------------------------------------------ parts

    private SlicePart<VcfCorrections> part(Loaded o, long from, long to, String contig, long first, long last) {
        VcfCorrections c = new VcfCorrections(o.headerUri(), o.index().headerLength(), from, to, contig,
                first >= 0 ? first : null, first >= 0 ? last : null);
        long size = o.object().source().size();
        long start;
        long end;
        if (bgzf) {
            start = VirtualOffset.blockOf(from);
            end = VirtualOffset.isBlockStart(to) ? VirtualOffset.blockOf(to)
                    : Math.min(size, VirtualOffset.blockOf(to) + Bgzf.MAX_BLOCK);
        } else {
            start = from;
            end = to;
        }
        return new SlicePart<>(o.object().source(), start, end, c);
    }
}
