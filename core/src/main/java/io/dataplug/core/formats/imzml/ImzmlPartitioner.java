package io.dataplug.core.formats.imzml;

import io.dataplug.core.format.PartitionRequest;
import io.dataplug.core.index.IndexedObject;
import io.dataplug.core.index.MetadataLayout;
import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.slice.SourceObject;
import io.dataplug.core.storage.ObjectLocation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Cuts indexed .imzML objects into slices; a slice never spans two objects (each is one pair).
 * <ul>
 *   <li>{@code chunks}: consecutive spectra, balanced by the bytes of their arrays. A slice costs the arrays it
 *       copies: a continuous file's shared m/z array once, plus each spectrum's own arrays. The largest slice is as
 *       small as any cut into consecutive runs can make it (binary search on the budget, greedy fill), and exactly
 *       {@code min(count, spectra)} slices are made (at least one per object).</li>
 *   <li>{@code grid}: {@code rows x cols} cells over each object's pixel grid (from pixel 1, or the smallest
 *       coordinate, to the stated image size or the largest coordinate); one slice per cell that holds spectra.</li>
 * </ul>
 */
final class ImzmlPartitioner {

    /** One object's index with its pixel table. */
    private record Source(IndexedObject<ImzmlIndex> object, ImzmlIndex index, SourceObject ibd, int[] x, int[] y, long[] cost,
                          long[] ibdStart, long[] ibdEnd, long[] xmlStart, long[] xmlEnd, long shared) {

        int spectra() {
            return x.length;
        }
    }

    private final List<Source> sources = new ArrayList<>();
    private final List<List<SlicePart<ImzmlPart>>> slices = new ArrayList<>();

    ImzmlPartitioner(PartitionRequest<ImzmlIndex> request) {
        for (IndexedObject<ImzmlIndex> o : request.objects()) {
            sources.add(load(o, request.metadata()));
        }
    }

    private static Source load(IndexedObject<ImzmlIndex> o, PartitionRequest.MetadataReader metadata) {
        String uri = o.source().uri();
        ImzmlIndex idx = o.index();
        if (!ImzmlFormat.NAME.equals(idx.format()) || idx.version() != ImzmlIndex.VERSION || idx.size() != o.source().size()) {
            throw new IllegalStateException(uri + ": the index is not an imzml index of version " + ImzmlIndex.VERSION
                    + " for this object's " + o.source().size() + " bytes; preprocess it again");
        }
        SourceObject ibd = o.siblings().get(IndexBuilder.IBD);
        if (ibd == null || ibd.size() != idx.ibdSize()) {
            throw new IllegalStateException(uri + ": the index does not record its .ibd (" + idx.ibdSize() + " bytes); preprocess it again");
        }
        int n = idx.spectra();
        byte[] t = metadata.read(o.metadataDir(), Tables.PIXELS);
        Columns c = Tables.PIXEL_COLUMNS;
        if (t.length != c.size(n)) {
            throw new IllegalStateException(o.metadataDir() + Tables.PIXELS + ": " + t.length + " bytes, expected " + c.size(n));
        }
        return new Source(o, idx, ibd, c.intColumn(t, n, Tables.X), c.intColumn(t, n, Tables.Y),
                c.longColumn(t, n, Tables.COST), c.longColumn(t, n, Tables.IBD_START), c.longColumn(t, n, Tables.IBD_END),
                c.longColumn(t, n, Tables.XML_START), c.longColumn(t, n, Tables.XML_END),
                idx.sharedMz() == null ? 0 : idx.sharedMz().encoded());
    }

    List<List<SlicePart<ImzmlPart>>> chunks(int count) {
        long spectra = sources.stream().mapToLong(Source::spectra).sum();
        long objects = sources.stream().filter(s -> s.spectra() > 0).count();
        long wanted = Math.max(objects, Math.min(count, spectra));
        long budget = budget(wanted);
        long made = 0;
        long left = spectra;
        for (Source s : sources) {
            int from = 0;
            long cost = 0;
            for (int i = 0; i < s.spectra(); i++) {
                if (i > from && s.shared + cost + s.cost[i] > budget) {
                    add(s, from, i, i - from, null);
                    made++;
                    from = i;
                    cost = 0;
                }
                cost += s.cost[i];
                left--;
                // cut early only as far as needed to make every wanted slice (one spectrum each from here on)
                if (i + 1 < s.spectra() && left == wanted - made - 1) {
                    add(s, from, i + 1, i + 1 - from, null);
                    made++;
                    from = i + 1;
                    cost = 0;
                }
            }
            if (from < s.spectra()) {
                add(s, from, s.spectra(), s.spectra() - from, null);
                made++;
            }
        }
        return slices;
    }

    /** The smallest largest-slice cost with which greedy filling makes at most {@code wanted} slices. */
    private long budget(long wanted) {
        long lo = 0;
        long hi = 0;
        for (Source s : sources) {
            long sum = 0;
            for (int i = 0; i < s.spectra(); i++) {
                lo = Math.max(lo, s.shared + s.cost[i]);
                sum += s.cost[i];
            }
            hi = Math.max(hi, s.shared + sum);
        }
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            if (greedySlices(mid) <= wanted) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private long greedySlices(long budget) {
        long slices = 0;
        for (Source s : sources) {
            long cost = -1;
            for (int i = 0; i < s.spectra(); i++) {
                if (cost < 0 || s.shared + cost + s.cost[i] > budget) {
                    slices++;
                    cost = 0;
                }
                cost += s.cost[i];
            }
        }
        return slices;
    }

    List<List<SlicePart<ImzmlPart>>> grid(int rows, int cols) {
        for (Source s : sources) {
            int n = s.spectra();
            if (n == 0) {
                continue;
            }
            ImzmlIndex.Bounds b = s.index().bounds();
            long x0 = Math.min(1, b.minX());
            long width = Math.max(s.index().pixelsX(), b.maxX()) - x0 + 1;
            long y0 = Math.min(1, b.minY());
            long height = Math.max(s.index().pixelsY(), b.maxY()) - y0 + 1;
            if (width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
                throw new IllegalStateException(s.object().source().uri() + ": the pixel grid (" + width + " x " + height
                        + ") is too large for the grid strategy");
            }
            long[] cell = new long[n];
            for (int i = 0; i < n; i++) {
                long col = (s.x[i] - x0) * cols / width;
                long row = (s.y[i] - y0) * rows / height;
                cell[i] = row * cols + col;
            }
            int[] order = IntStream.range(0, n).boxed().sorted(Comparator.<Integer>comparingLong(i -> cell[i])
                    .thenComparingInt(i -> i)).mapToInt(Integer::intValue).toArray();
            for (int g = 0; g < n; ) {
                int h = g;
                while (h < n && cell[order[h]] == cell[order[g]]) {
                    h++;
                }
                int row = (int) (cell[order[g]] / cols);
                int col = (int) (cell[order[g]] % cols);
                ImzmlPart.Cell c = new ImzmlPart.Cell(row, col, x0 + ceilDiv(col * width, cols), x0 + ceilDiv((col + 1) * width, cols),
                        y0 + ceilDiv(row * height, rows), y0 + ceilDiv((row + 1) * height, rows));
                add(s, order[g], order[h - 1] + 1, h - g, c);
                g = h;
            }
        }
        return slices;
    }

    private static long ceilDiv(long a, long b) {
        return Math.floorDiv(a + b - 1, b);
    }

    /** One slice: rows {@code [from, to)} of {@code s} ({@code count} of them, those in {@code cell} if given). */
    private void add(Source s, int from, int to, int count, ImzmlPart.Cell cell) {
        long ibdStart = Long.MAX_VALUE;
        long ibdEnd = -1;
        for (int i = from; i < to; i++) {
            if (s.ibdStart[i] >= 0 && (cell == null || cell.contains(s.x[i], s.y[i]))) {
                ibdStart = Math.min(ibdStart, s.ibdStart[i]);
                ibdEnd = Math.max(ibdEnd, s.ibdEnd[i]);
            }
        }
        List<long[]> ibdRanges = new ArrayList<>();
        ImzmlIndex.Array shared = s.index().sharedMz();
        if (shared != null && shared.encoded() > 0) {
            ibdRanges.add(new long[] {shared.offset(), shared.offset() + shared.encoded()});
        }
        if (ibdEnd >= 0) {
            ibdRanges.add(new long[] {ibdStart, ibdEnd});
        }
        if (ibdRanges.isEmpty()) { // only empty spectra: the UUID is read, which pins the .ibd all the same
            ibdRanges.add(new long[] {0, 16});
        }
        ibdRanges.sort(Comparator.comparingLong(r -> r[0]));
        ImzmlIndex.Layout layout = s.index().layout();
        ObjectLocation dir = ObjectLocation.parse(s.object().metadataDir());
        ImzmlPart.Selection sel = new ImzmlPart.Selection(name(s.object().source(), slices.size()),
                MetadataLayout.sideFile(dir, Tables.PIXELS).toUri(), MetadataLayout.sideFile(dir, Tables.ARRAYS).toUri(),
                s.spectra(), from, to, count, cell, layout);
        List<SlicePart<ImzmlPart>> parts = new ArrayList<>();
        for (long[] r : ibdRanges) {
            parts.add(part(s.ibd(), r[0], r[1], ImzmlPart.IBD, parts.isEmpty() ? sel : null));
        }
        SourceObject xml = s.object().source();
        parts.add(part(xml, 0, layout.headerEnd(), ImzmlPart.HEADER, null));
        parts.add(part(xml, s.xmlStart[from], s.xmlEnd[to - 1], ImzmlPart.SPECTRA, null));
        parts.add(part(xml, layout.trailerStart(), layout.size(), ImzmlPart.TRAILER, null));
        slices.add(parts);
    }

    private static SlicePart<ImzmlPart> part(SourceObject o, long start, long end, String role, ImzmlPart.Selection sel) {
        return new SlicePart<>(o, start, end, new ImzmlPart(role, sel));
    }

    /** {@code <object name without .imzML>-slice<index>}: distinct names, so slices can be unpacked side by side. */
    static String name(SourceObject source, int index) {
        String file = source.location().fileName();
        String base = file.regionMatches(true, Math.max(0, file.length() - 6), ".imzML", 0, 6)
                ? file.substring(0, file.length() - 6) : file;
        return base + "-slice" + String.format("%05d", index);
    }
}
