package io.dataplug.core.formats.vcf;

import io.dataplug.core.util.OptionalField;
import java.util.List;

/**
 * The index of one VCF object ({@code index.json}, read by partitioning). Positions are byte offsets for
 * {@code vcf} and BGZF virtual offsets for {@code vcf-bgzip}. The header itself is the side file
 * {@value #HEADER_FILE}, read only by slice evaluation.
 *
 * @param version          layout version of this document
 * @param source           {@code scan} (every line read), {@code tbi} or {@code csi} (an index beside the object), or
 *                         {@value #HEADER_ONLY} (only the header read: no counts, contigs or checkpoints; data ends at
 *                         the object's end and slices find their first line at evaluation)
 * @param companion        URI of the .tbi/.csi that was used
 * @param companionIgnored why a .tbi/.csi beside the object was not used (it was scanned instead)
 * @param headerLength     bytes of the header (all {@code ##} lines and the {@code #CHROM} line)
 * @param dataStart        position of the first data line (= end of the header)
 * @param dataEnd          position right after the last data line
 * @param variants         data lines
 * @param sorted           contigs contiguous and POS non-decreasing within each: needed by {@code regions}
 * @param unsorted         where the order breaks, when not sorted
 * @param gap              POS spans are split at gaps wider than this (scan); -1 when spans are only bounds (tabix)
 * @param contigs          the contigs present in the data, in file order (runs of one contig, when unsorted)
 * @param checkpoints      known data-line starts, delta-encoded
 */
record VcfIndex(int version, String source, @OptionalField String companion, @OptionalField String companionIgnored,
                long headerLength, long dataStart, long dataEnd, long variants, boolean sorted,
                @OptionalField String unsorted, long gap, List<Contig> contigs, Checkpoints checkpoints) {

    static final int VERSION = 1;
    static final String HEADER_FILE = "header.vcf";
    static final String HEADER_ONLY = "header-only";

    VcfIndex {
        if (version != VERSION) {
            throw new IllegalStateException("unsupported vcf index version " + version + " (expected " + VERSION
                    + "); preprocess again");
        }
    }

    /**
     * One contig's data lines: positions {@code [start, end)}; {@code spans} a flat list of {@code lo, hi} POS
     * pairs outside of which the contig has no variant.
     */
    record Contig(String name, long start, long end, long variants, long[] spans) {
    }

    /** The index of {@code index=header-only}: the header's extent and nothing about the data. */
    static VcfIndex headerOnly(long headerLength, long size, long gap) {
        return new VcfIndex(VERSION, HEADER_ONLY, null, null, headerLength, headerLength, size, 0, false,
                "not known in index=header-only mode", gap, List.of(), Checkpoints.empty().encode());
    }

    /** Whether only the header was read ({@code index=header-only}). */
    boolean headerOnly() {
        return HEADER_ONLY.equals(source);
    }

    VcfIndex withCompanion(String uri, String ignored) {
        return new VcfIndex(version, source, uri, ignored, headerLength, dataStart, dataEnd, variants, sorted, unsorted,
                gap, contigs, checkpoints);
    }

    VcfIndex withHeaderLength(long length) {
        return new VcfIndex(version, source, companion, companionIgnored, length, dataStart, dataEnd, variants, sorted,
                unsorted, gap, contigs, checkpoints);
    }

    long distinctContigs() {
        return contigs.stream().map(Contig::name).distinct().count();
    }
}
