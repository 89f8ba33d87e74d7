package io.dataplug.core.formats.imzml;

import io.dataplug.core.util.OptionalField;
import java.util.List;
import java.util.Map;

/**
 * What one chunk task found (its stored chunk result): the spectra whose start tag begins in {@code [start, end)}
 * as a column table ({@link #TABLE}), where its parse began ({@code first}) and where the next spectrum begins
 * ({@code next}, or -1), so that finalize can check the chunks join up. Chunk 0 parses from the first byte and
 * carries the {@link Header}. A later chunk starts at the first {@code <spectrum} it finds; when that was not a
 * real spectrum (text in a comment, say) its parse may fail: it then reports {@code error} instead of failing the
 * task, and finalize parses that chunk again from where the previous one stopped.
 *
 * <p>Per-spectrum values the spectrum does not state itself (they may come from a referenceable group) are
 * {@link #NONE}; {@code signature} points into {@code signatures}, the distinct sets of group references and array
 * terms (kind, data type, compression), resolved against the header's groups in finalize.
 */
record ImzmlChunk(long start, long end, long first, long next, boolean listEnded, @OptionalField String error, long errorOffset,
                  @OptionalField Header header, List<Signature> signatures, int spectra, byte[] table,
                  @OptionalField Double mzLow, @OptionalField Double mzHigh) {

    static final Columns TABLE = new Columns(8, 8, 4, 4, 4, 4, 8, 8, 8, 8, 8, 8);
    static final int XML_START = 0;
    static final int XML_END = 1;
    static final int X = 2;
    static final int Y = 3;
    static final int Z = 4;
    static final int SIGNATURE = 5;
    /** Offset, length and encoded length of the first binary data array; the second's follow. */
    static final int ARRAY0 = 6;
    static final int ARRAY1 = 9;

    static final long NONE = Long.MIN_VALUE;
    static final int NONE_INT = Integer.MIN_VALUE;

    /**
     * The document up to the spectrum list: what a slice copies and the few places it rewrites.
     *
     * @param uuidParam     the fileContent cvParam holding the UUID; {@code checksumParam} the ibd MD5 or SHA-1 one
     * @param checksum      {@code SHA-1}, {@code MD5} or null
     * @param mode          {@code continuous}, {@code processed} or null when the file does not say
     * @param groups        referenceable parameter groups by id
     * @param pixelsX       "max count of pixels x" from the scan settings, 0 when not stated
     * @param listTag       the {@code <spectrumList>} start tag
     * @param ancestors     names of the elements around the spectrum list, outermost first
     */
    record Header(@OptionalField String uuid, @OptionalField Span uuidParam, @OptionalField String imsRef,
                  @OptionalField String checksum, @OptionalField Span checksumParam, @OptionalField String mode,
                  Map<String, Group> groups, long pixelsX, long pixelsY, Span listTag, List<String> ancestors) {
    }

    /** A referenceable parameter group: its terms (accession to value, "" when none) and its external-data cvParams. */
    record Group(Map<String, String> params, List<Span> external) {
    }

    /** The group references of a spectrum (outside its arrays) and the terms of each of its arrays, in order. */
    record Signature(List<String> refs, List<ArrayTerms> arrays) {
    }

    /** The group references and the describing terms (kind, data type, compression) of one binary data array. */
    record ArrayTerms(List<String> refs, List<String> terms) {
    }
}
