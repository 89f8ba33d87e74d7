package io.dataplug.core.formats.imzml;

import io.dataplug.core.format.SliceContext;
import io.dataplug.core.storage.RangeStreams;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The spectra a slice holds, read from the index's side files (row ranges, never the whole files): where each is
 * in the .imzML, and its arrays in the .ibd as {@code arrays[Tables.MZ + Tables.OFFSET][i]} and so on.
 */
record Selected(int count, long[] xmlStart, long[] xmlEnd, long[][] arrays) {

    static Selected load(SliceContext ctx, ImzmlPart.Selection sel) {
        int rows = sel.rows();
        int from = sel.from();
        int span = sel.to() - from;
        if (from < 0 || span < 1 || sel.to() > rows || sel.count() < 1 || sel.count() > span) {
            throw new IllegalArgumentException("slice selects rows [" + from + ", " + sel.to() + ") (" + sel.count()
                    + " spectra) of " + rows + ": not a valid selection");
        }
        Columns pixels = Tables.PIXEL_COLUMNS;
        boolean[] keep = new boolean[span];
        int kept = 0;
        // every column range at once: a few concurrent ranged reads instead of ten in a row
        CompletableFuture<byte[]> xs = sel.cell() == null ? null : read(ctx, sel.pixels(), pixels, rows, Tables.X, from, span);
        CompletableFuture<byte[]> ys = sel.cell() == null ? null : read(ctx, sel.pixels(), pixels, rows, Tables.Y, from, span);
        CompletableFuture<byte[]> starts = read(ctx, sel.pixels(), pixels, rows, Tables.XML_START, from, span);
        CompletableFuture<byte[]> ends = read(ctx, sel.pixels(), pixels, rows, Tables.XML_END, from, span);
        List<CompletableFuture<byte[]>> arrayColumns = new ArrayList<>();
        for (int c = 0; c < Tables.ARRAY_COLUMNS.count(); c++) {
            arrayColumns.add(read(ctx, sel.arrays(), Tables.ARRAY_COLUMNS, rows, c, from, span));
        }
        if (sel.cell() == null) {
            java.util.Arrays.fill(keep, true);
            kept = span;
        } else {
            int[] x = Columns.ints(join(xs), 0, span);
            int[] y = Columns.ints(join(ys), 0, span);
            for (int i = 0; i < span; i++) {
                keep[i] = sel.cell().contains(x[i], y[i]);
                kept += keep[i] ? 1 : 0;
            }
        }
        if (kept != sel.count()) {
            throw new IllegalStateException(sel.pixels() + ": " + kept + " spectra in the slice's selection, the slice says "
                    + sel.count() + " (side file and slice do not belong together)");
        }
        long[] xmlStart = pick(keep, kept, Columns.longs(join(starts), 0, span));
        long[] xmlEnd = pick(keep, kept, Columns.longs(join(ends), 0, span));
        long[][] arrays = new long[Tables.ARRAY_COLUMNS.count()][];
        for (int c = 0; c < arrays.length; c++) {
            arrays[c] = pick(keep, kept, Columns.longs(join(arrayColumns.get(c)), 0, span));
        }
        return new Selected(kept, xmlStart, xmlEnd, arrays);
    }

    /** Array {@code base} ({@link Tables#MZ} or {@link Tables#INTENSITY}) of spectrum {@code i}: offset, length, encoded. */
    long[] array(int base, int i) {
        return new long[] {arrays[base + Tables.OFFSET][i], arrays[base + Tables.LENGTH][i], arrays[base + Tables.ENCODED][i]};
    }

    /** Rows {@code [from, from + span)} of one column of a side file, read in the background. */
    private static CompletableFuture<byte[]> read(SliceContext ctx, String uri, Columns cols, int rows, int column, int from, int span) {
        long offset = cols.offset(column, rows, from);
        int length = Math.multiplyExact(span, cols.width(column));
        return CompletableFuture.supplyAsync(() -> ctx.readMetadata(uri, offset, length), RangeStreams.ioExecutor());
    }

    private static byte[] join(CompletableFuture<byte[]> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    private static long[] pick(boolean[] keep, int kept, long[] all) {
        if (kept == all.length) {
            return all;
        }
        long[] out = new long[kept];
        int j = 0;
        for (int i = 0; i < all.length; i++) {
            if (keep[i]) {
                out[j++] = all[i];
            }
        }
        return out;
    }
}
