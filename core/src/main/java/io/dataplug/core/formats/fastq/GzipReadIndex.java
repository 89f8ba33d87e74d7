package io.dataplug.core.formats.fastq;

import io.dataplug.core.format.ObjectIndex;
import io.dataplug.core.gzip.Checkpoint;
import io.dataplug.core.gzip.GzipIndex;
import io.dataplug.core.util.OptionalField;
import io.dataplug.core.util.Search;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The index.json of one fastq-gzip object. Each checkpoint is {@code [compressedOffset, bitOffset,
 * uncompressedOffset, memberStart (0/1), memberPrefixLength, memberPrefixCrc, windowOffset, windowLength, read,
 * readOffset]}: the gzip resume point (with the member's CRC-32 up to it, verified at indexing), then the number
 * and uncompressed offset of the first read starting at or after it. The 32 KiB windows are in the side file
 * {@code windows} (absent when no checkpoint needs one).
 */
record GzipReadIndex(long reads, long bases, long span, long uncompressed, long members, boolean bgzf,
                     @OptionalField String windows, List<long[]> checkpoints) {

    static final int C = 0;
    static final int BIT = 1;
    static final int U = 2;
    static final int MEMBER = 3;
    static final int PREFIX = 4;
    static final int CRC = 5;
    static final int W_OFF = 6;
    static final int W_LEN = 7;
    static final int READ = 8;
    static final int READ_OFFSET = 9;

    /** Index of the last checkpoint whose first read is at or before {@code read}. */
    int atOrBefore(long read) {
        return Search.lastAtOrBelow(checkpoints.size(), i -> checkpoints.get(i)[READ], read);
    }

    /**
     * The index of an object decompressed once: its checkpoints ({@code readOf} gives each one's first read, whose
     * offset the validator recorded because it was {@code awaited}) and the validator's counts.
     */
    static ObjectIndex<GzipReadIndex> of(FastqStreamValidator fastq, List<Long> awaited, GzipIndex gz, long span,
                                         String windows, ToLongFunction<Checkpoint> readOf) {
        long[] offsets = fastq.awaitedOffsets();
        Map<Long, Long> readStart = new HashMap<>();
        for (int i = 0; i < offsets.length; i++) {
            readStart.put(awaited.get(i), offsets[i]);
        }
        int n = gz.checkpoints().size();
        long[] reads = new long[n];
        long[] readOffsets = new long[n];
        for (int i = 0; i < n; i++) {
            reads[i] = readOf.applyAsLong(gz.checkpoints().get(i));
            readOffsets[i] = readStart.getOrDefault(reads[i], fastq.length());
        }
        return of(fastq.reads(), fastq.bases(), gz, span, windows, reads, readOffsets);
    }

    /** The index from the gzip table and, per checkpoint, the number and offset of the first read at or after it. */
    static ObjectIndex<GzipReadIndex> of(long reads, long bases, GzipIndex gz, long span, String windows, long[] readOf,
                                         long[] readOffsetOf) {
        List<long[]> table = new ArrayList<>(gz.checkpoints().size());
        for (int i = 0; i < gz.checkpoints().size(); i++) {
            Checkpoint cp = gz.checkpoints().get(i);
            table.add(new long[] {cp.compressedOffset(), cp.bitOffset(), cp.uncompressedOffset(), cp.memberStart() ? 1 : 0,
                cp.memberPrefixLength(), cp.memberPrefixCrc(), cp.windowOffset(), cp.windowLength(), readOf[i],
                readOffsetOf[i]});
        }
        GzipReadIndex index = new GzipReadIndex(reads, bases, span, gz.uncompressedSize(), gz.memberCount(), gz.bgzf(),
                windows, table);
        return new ObjectIndex<>(index, Map.of("reads", reads, "bases", bases, "uncompressedBytes", gz.uncompressedSize()));
    }
}
