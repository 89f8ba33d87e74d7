package io.dataplug.core.formats.imzml;

import io.dataplug.core.util.OptionalField;
import java.util.List;
import java.util.Map;

/**
 * The index.json of one .imzML: what partitioning needs besides the side files ({@link Tables}), and the
 * {@link Layout} every slice carries to write its own pair.
 *
 * @param size     bytes of the .imzML; {@code ibdSize} of its .ibd
 * @param mode     {@code continuous}, {@code processed}, or null when the file does not say
 * @param sharedMz the one m/z array of a continuous file (null otherwise)
 * @param pixelsX  "max count of pixels x/y" of the scan settings, 0 when not stated
 */
record ImzmlIndex(String format, int version, long size, long ibdSize, int spectra, @OptionalField String mode, String uuid,
                  List<String> mzTypes, List<String> intensityTypes, @OptionalField Double mzLow, @OptionalField Double mzHigh,
                  Bounds bounds, long pixelsX, long pixelsY, @OptionalField Array sharedMz, Layout layout) {

    static final int VERSION = 1;

    /** The pixel coordinates the spectra have (z only when stated). */
    record Bounds(int minX, int maxX, int minY, int maxY, @OptionalField Integer minZ, @OptionalField Integer maxZ) {
    }

    /** An array in the .ibd. */
    record Array(long offset, long length, long encoded) {
    }

    /**
     * Where a slice's .imzML comes from: bytes {@code [0, headerEnd)} (up to the first spectrum) and
     * {@code [trailerStart, size)} (after the last) are copied with the UUID, checksum and spectrum count rewritten
     * and the external-data cvParams of referenceable groups ({@code removed}) left out, since every slice states
     * them per spectrum. {@code groupKinds} maps group ids to the array kind they declare ({@code mz},
     * {@code intensity}), to tell a spectrum's arrays apart.
     */
    record Layout(long size, long headerEnd, long trailerStart, String uuid, Span uuidParam, @OptionalField String imsRef,
                  @OptionalField String checksum, @OptionalField Span checksumParam, Span listTag, List<Span> removed,
                  Map<String, String> groupKinds) {
    }
}
