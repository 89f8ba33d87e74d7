package io.dataplug.core.slice;

/**
 * A format's corrections for one slice part: the few facts that turn the part's bytes into whole records (a
 * header to prepend, records to skip, a decompressor state to resume from). Each format declares one record
 * type implementing this interface ({@link io.dataplug.core.format.FormatTypes#corrections()}); the partitioner
 * writes it into the slice as JSON, and reading a manifest binds it back strictly (unknown or missing fields
 * are refused, see {@link io.dataplug.core.util.StrictJson}) and then calls {@link #validate}.
 */
public interface Corrections {

    /**
     * Checks these corrections against the part they travel with, when a manifest is read and before any
     * byte is read: ranges inside the object and in order, counts and offsets in range, one consistent
     * choice among alternatives. Throw {@link InvalidSliceException} (e.g. through {@link #require}) with a
     * message that names the field; the caller adds which slice and part. The default accepts everything.
     */
    default void validate(SlicePart<?> part) {
    }

    /**
     * The URIs of the side files in the metadata store that evaluating this part reads (a VCF header, a file of
     * gzip windows). They must lie under the slice's metadata root, which is checked before anything is read.
     */
    default java.util.List<String> sideFiles() {
        return java.util.List.of();
    }

    /** Refuses the slice with {@code problem} unless {@code ok}. */
    static void require(boolean ok, String problem) {
        if (!ok) {
            throw new InvalidSliceException(problem);
        }
    }
}
