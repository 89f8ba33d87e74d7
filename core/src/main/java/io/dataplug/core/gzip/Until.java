package io.dataplug.core.gzip;

/**
 * Where a stream opened with {@link GzipResume#open(Checkpoint, byte[], java.io.InputStream, Until)} ends. Each
 * end is a place where everything decompressed since the resume point can be proven against a CRC-32, so a
 * reader that drains the stream to its end has had every byte it was given checked:
 * <ul>
 *   <li>{@link EndOfStream}: the end of the gzip stream; every member's trailer (CRC-32, ISIZE) is verified.</li>
 *   <li>{@link AtCheckpoint}: a checkpoint taken at indexing, where the member's CRC-32 was verified; the
 *       stream ends there once the data decoded since the resume point, combined with the resume point's
 *       member prefix CRC, gives the prefix CRC recorded for the checkpoint (members that end on the way are
 *       verified by their trailers). Values that do not describe the data only make the stream fail.</li>
 *   <li>{@link MemberEnd}: the end of the first member whose trailer lies at or after a compressed offset,
 *       for readers that know no checkpoint to stop at; may read up to a whole member past that offset.</li>
 * </ul>
 */
public sealed interface Until {

    /** The end of the gzip stream. */
    static Until endOfStream() {
        return new EndOfStream();
    }

    /** The index's checkpoint {@code c}. */
    static Until checkpoint(Checkpoint c) {
        return new AtCheckpoint(c.compressedOffset(), c.bitOffset(), c.uncompressedOffset(), c.memberStart(),
                c.memberPrefixLength(), c.memberPrefixCrc());
    }

    /** The first member boundary (trailer verified) at or after {@code compressedOffset}, or the stream's end. */
    static Until memberEndFrom(long compressedOffset) {
        return new MemberEnd(compressedOffset);
    }

    /** The end of the gzip stream. */
    record EndOfStream() implements Until {
    }

    /**
     * A checkpoint as the index recorded it (see {@link Checkpoint} for the fields).
     */
    record AtCheckpoint(long compressedOffset, int bitOffset, long uncompressedOffset, boolean memberStart,
                        long memberPrefixLength, int memberPrefixCrc) implements Until {

        public AtCheckpoint {
            if (compressedOffset < 0 || uncompressedOffset < 0 || memberPrefixLength < 0) {
                throw new IllegalArgumentException("negative offset");
            }
            if (bitOffset < 0 || bitOffset > 7) {
                throw new IllegalArgumentException("bit offset must be 0-7: " + bitOffset);
            }
            if (memberStart && (bitOffset != 0 || memberPrefixLength != 0 || memberPrefixCrc != 0)) {
                throw new IllegalArgumentException("a member start is byte aligned and has no member prefix");
            }
        }

        long compressedBitPosition() {
            return compressedOffset * 8 + bitOffset;
        }
    }

    /** See {@link #memberEndFrom}. */
    record MemberEnd(long compressedOffset) implements Until {
    }
}
