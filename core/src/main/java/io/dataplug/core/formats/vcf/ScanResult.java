package io.dataplug.core.formats.vcf;

import io.dataplug.core.util.OptionalField;
import java.util.List;

/**
 * What scanning the lines whose start lies in one range of an object found (a map-task result for plain
 * VCF, the whole object for BGZF). Positions are byte offsets (plain) or virtual offsets (BGZF). Small:
 * no raw data, only positions, counts and contig runs.
 *
 * @param lines        lines scanned (header and data)
 * @param firstHash    position of the first {@code #} line, or null
 * @param lastHash     position of the last {@code #} line, or null
 * @param lastHashLine line number (within this range, from 1) of the last {@code #} line
 * @param lastHashChrom whether the last {@code #} line is the {@code #CHROM} line
 * @param headerEnd    position right after the last {@code #} line
 * @param firstData    position of the first data line, or null
 * @param firstDataLine line number (within this range) of the first data line
 * @param dataEnd      position right after the last data line
 * @param variants     data lines
 * @param runs         stretches of consecutive data lines on one contig, in order
 * @param checkpoints  known data-line starts, see {@link Checkpoints}
 * @param problem      the first malformed line (scanning stopped there), or null
 * @param unsorted     the first place the data is not sorted by position, or null
 */
record ScanResult(long lines, @OptionalField Long firstHash, @OptionalField Long lastHash, long lastHashLine,
                  boolean lastHashChrom, @OptionalField Long headerEnd, @OptionalField Long firstData, long firstDataLine,
                  @OptionalField Long dataEnd, long variants, List<Run> runs, Checkpoints checkpoints,
                  @OptionalField Problem problem, @OptionalField Problem unsorted) {

    /** A range not scanned ({@code index=header-only}). */
    static final ScanResult NOTHING = new ScanResult(0, null, null, 0, false, null, null, 0, null, 0, List.of(),
            Checkpoints.empty(), null, null);

    /**
     * Consecutive data lines on one contig: positions {@code [start, end)}, {@code spans} a flat list of
     * {@code lo, hi} POS pairs covering every variant, split wherever two consecutive variants are more than
     * the gap apart.
     */
    record Run(String contig, long start, long end, long variants, long firstPos, long lastPos, long[] spans) {
    }

    /** A problem at {@code offset}; {@code line} counts from 1 within the scanned range (0 when unknown). */
    record Problem(long offset, long line, String message, @OptionalField String hint) {
    }
}
