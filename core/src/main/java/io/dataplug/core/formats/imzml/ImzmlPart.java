package io.dataplug.core.formats.imzml;

/**
 * The corrections of one part of an imzml slice. Parts are, in the order evaluation reads them: the .ibd ranges
 * ({@link #IBD}: a continuous file's shared m/z array, then the extent of the slice's own arrays), the .imzML
 * header ({@link #HEADER}), the extent of the slice's spectra ({@link #SPECTRA}) and the rest of the document
 * ({@link #TRAILER}). The first part carries the {@link Selection}.
 */
record ImzmlPart(String role, Selection selection) {

    static final String IBD = "ibd";
    static final String HEADER = "header";
    static final String SPECTRA = "spectra";
    static final String TRAILER = "trailer";

    /**
     * Which spectra of one .imzML the slice holds: rows {@code [from, to)} of the index's side files, all of them,
     * or for a grid slice those whose pixel lies in {@code cell}; {@code count} of them in either case.
     *
     * @param name   base name of the slice's two files in its tar stream
     * @param pixels URI of the index's {@code pixels.bin}, {@code arrays} of its {@code arrays.bin}; {@code rows}
     *               spectra each
     */
    record Selection(String name, String pixels, String arrays, int rows, int from, int to, int count, Cell cell,
                     ImzmlIndex.Layout layout) {
    }

    /** A grid cell: pixels with {@code xFrom <= x < xTo} and {@code yFrom <= y < yTo}. */
    record Cell(int row, int col, long xFrom, long xTo, long yFrom, long yTo) {

        boolean contains(long x, long y) {
            return x >= xFrom && x < xTo && y >= yFrom && y < yTo;
        }
    }
}
