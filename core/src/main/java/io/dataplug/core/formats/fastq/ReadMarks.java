package io.dataplug.core.formats.fastq;

import java.util.Arrays;

/**
 * For a {@link FastqChunkScanner} that validates a byte range under all four line phases: at given offsets (a gzip
 * range's checkpoints), per phase, how many of the range's reads start before each offset and where the first one
 * at or after it starts (-1: none in the range). Lets the finalize of a chunked fastq-gzip object give every
 * checkpoint the read number and read offset the sequential indexer would.
 */
final class ReadMarks {

    static final ReadMarks NONE = new ReadMarks(new long[0]);

    private final long[] offsets;
    private final long[][] before = new long[4][];
    private final long[][] firstAtOrAfter = new long[4][];
    private final int[] next = new int[4];

    /** @param offsets sorted, non-decreasing */
    ReadMarks(long[] offsets) {
        this.offsets = offsets;
        for (int p = 0; p < 4; p++) {
            before[p] = new long[offsets.length];
            firstAtOrAfter[p] = new long[offsets.length];
            Arrays.fill(firstAtOrAfter[p], -1);
        }
    }

    /** Phase {@code phase} validated a read whose header starts at {@code header}, after {@code readsBefore} others. */
    void read(int phase, long header, long readsBefore) {
        int k = next[phase];
        while (k < offsets.length && offsets[k] <= header) {
            before[phase][k] = readsBefore;
            firstAtOrAfter[phase][k] = header;
            k++;
        }
        next[phase] = k;
    }

    /** Phase {@code phase} saw all its {@code reads} reads: the offsets after the last one. */
    void end(int phase, long reads) {
        for (int k = next[phase]; k < offsets.length; k++) {
            before[phase][k] = reads;
        }
        next[phase] = offsets.length;
    }

    long before(int phase, int k) {
        return before[phase][k];
    }

    long firstAtOrAfter(int phase, int k) {
        return firstAtOrAfter[phase][k];
    }
}
