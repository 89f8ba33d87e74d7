package io.dataplug.core.formats.imzml;

/**
 * The per-spectrum side files of an index, one row per spectrum in document order. {@code pixels.bin} holds what
 * partitioning reads whole (pixel x, y, z, bytes to copy, where the spectrum is in both files); {@code arrays.bin} what
 * only slice evaluation reads, row ranges at a time (each array's offset, length in values and encoded bytes).
 */
final class Tables {

    static final String PIXELS = "pixels.bin";
    static final String ARRAYS = "arrays.bin";

    static final Columns PIXEL_COLUMNS = new Columns(4, 4, 4, 8, 8, 8, 8, 8);
    static final int X = 0;
    static final int Y = 1;
    /** 0 when the spectrum states no z. */
    static final int Z = 2;
    /** Bytes of the spectrum's own arrays (a continuous file's shared m/z array is not counted). */
    static final int COST = 3;
    /** Extent in the .ibd of the spectrum's own non-empty arrays, -1 when it has none. */
    static final int IBD_START = 4;
    static final int IBD_END = 5;
    static final int XML_START = 6;
    static final int XML_END = 7;

    static final Columns ARRAY_COLUMNS = new Columns(8, 8, 8, 8, 8, 8);
    static final int MZ = 0;
    static final int INTENSITY = 3;
    /** Added to {@link #MZ} or {@link #INTENSITY}: offset, length in values, encoded length in bytes. */
    static final int OFFSET = 0;
    static final int LENGTH = 1;
    static final int ENCODED = 2;

    private Tables() {
    }
}
