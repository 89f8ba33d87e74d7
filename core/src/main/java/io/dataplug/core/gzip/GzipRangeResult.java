package io.dataplug.core.gzip;

/**
 * What one map task learns about its compressed byte range of a single-member gzip object
 * ({@link SpeculativeRange}), for the finalize ({@link RangeChain}) to join the ranges into one index.
 *
 * @param outcome         see {@link Outcome}; only {@code DECODED} ranges carry the other fields
 * @param startBit        where decoding started (bit 0 for the first range: the member header)
 * @param latestStartBit  a stored block's header may sit anywhere in {@code [startBit, latestStartBit]}
 * @param endBit          where decoding stopped: the start the next range with a start found, or the end of the
 *                        member's last block
 * @param last            whether the range decoded to the end of the member (and of the object)
 * @param length          uncompressed bytes from {@code startBit} to {@code endBit}
 * @param candidateBits   deflate block boundaries passed, in bits from the object's start
 * @param candidateOffsets their uncompressed offsets relative to the range's first byte
 * @param window          the last {@code min(32 KiB, length)} output symbols, each two bytes little-endian, deflated:
 *                        values below 256 are bytes, {@code 256 + j} is byte {@code j} of the 32 KiB before the range
 */
public record GzipRangeResult(Outcome outcome, long startBit, long latestStartBit, long endBit, boolean last, long length,
                              long[] candidateBits, long[] candidateOffsets, byte[] window) {

    /** How a range ended up. */
    public enum Outcome {
        /** Decoded from a block start to the next range's start (or the end). */
        DECODED,
        /** No block start in the range: the range before decodes through it. */
        NO_START,
        /**
         * Not for the parallel path: one range only, a member boundary (multi-member, BGZF), a false start, or data
         * that does not decode. The finalize indexes the object sequentially, which gives the exact answer or error.
         */
        SEQUENTIAL
    }

    public static GzipRangeResult of(Outcome outcome) {
        return new GzipRangeResult(outcome, 0, 0, 0, false, 0, new long[0], new long[0], new byte[0]);
    }
}
