package io.dataplug.core.formats.imzml;

import io.dataplug.core.slice.Corrections;
import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.util.OptionalField;
import java.util.List;
import java.util.Set;

/**
 * The corrections of one part of an imzml slice. Parts are, in the order evaluation reads them: the .ibd ranges
 * ({@link #IBD}: a continuous file's shared m/z array, then the extent of the slice's own arrays), the .imzML
 * header ({@link #HEADER}), the extent of the slice's spectra ({@link #SPECTRA}) and the rest of the document
 * ({@link #TRAILER}). The first part carries the {@link Selection}.
 */
record ImzmlPart(String role, @OptionalField Selection selection) implements Corrections {

    static final String IBD = "ibd";
    static final String HEADER = "header";
    static final String SPECTRA = "spectra";
    static final String TRAILER = "trailer";
    private static final Set<String> ROLES = Set.of(IBD, HEADER, SPECTRA, TRAILER);

    @Override
    public void validate(SlicePart<?> part) {
        Corrections.require(ROLES.contains(role), "role '" + role + "' is not one of " + ROLES);
        Corrections.require(!role.equals(HEADER) || part.start() == 0, "the header part starts at byte " + part.start() + ", not 0");
        if (selection == null) {
            return;
        }
        Selection s = selection;
        Corrections.require(role.equals(IBD), "a selection rides on the first .ibd part, not on a " + role + " part");
        Corrections.require(!s.name().isEmpty() && !s.name().contains("/") && !s.name().startsWith("."),
                "name '" + s.name() + "' is not a plain file name");
        Corrections.require(0 <= s.from() && s.from() < s.to() && s.to() <= s.rows(), "rows [" + s.from() + ", " + s.to()
                + ") are not rows of a table of " + s.rows());
        Corrections.require(1 <= s.count() && s.count() <= s.to() - s.from(), "count " + s.count() + " does not fit rows ["
                + s.from() + ", " + s.to() + ")");
        Corrections.require(s.cell() != null || s.count() == s.to() - s.from(), "without a cell, the slice holds all its rows");
        Corrections.require(s.cell() == null || s.cell().xFrom() < s.cell().xTo() && s.cell().yFrom() < s.cell().yTo(),
                "the cell is empty");
        ImzmlIndex.Layout l = s.layout();
        Corrections.require(0 <= l.headerEnd() && l.headerEnd() <= l.trailerStart() && l.trailerStart() <= l.size(),
                "layout: header [0, " + l.headerEnd() + ") and trailer [" + l.trailerStart() + ", " + l.size() + ") are not in order");
    }

    /** The side files evaluation reads: rows of the index's two tables. */
    @Override
    public List<String> sideFiles() {
        return selection == null ? List.of() : List.of(selection.pixels(), selection.arrays());
    }

    /**
     * Which spectra of one .imzML the slice holds: rows {@code [from, to)} of the index's side files, all of them,
     * or for a grid slice those whose pixel lies in {@code cell}; {@code count} of them in either case.
     *
     * @param name   base name of the slice's two files in its tar stream
     * @param pixels URI of the index's {@code pixels.bin}, {@code arrays} of its {@code arrays.bin}; {@code rows}
     *               spectra each
     */
    record Selection(String name, String pixels, String arrays, int rows, int from, int to, int count,
                     @OptionalField Cell cell, ImzmlIndex.Layout layout) {
    }

    /** A grid cell: pixels with {@code xFrom <= x < xTo} and {@code yFrom <= y < yTo}. */
    record Cell(int row, int col, long xFrom, long xTo, long yFrom, long yTo) {

        boolean contains(long x, long y) {
            return x >= xFrom && x < xTo && y >= yFrom && y < yTo;
        }
    }
}
