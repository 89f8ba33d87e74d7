package io.dataplug.core.gzip;

/**
 * A place in a gzip stream where decompression can start: a gzip member start, or a deflate block
 * boundary inside a member (then the 32 KiB window before it is needed, see {@link GzipIndex}).
 *
 * @param compressedOffset   offset of the byte holding the first bit to decode (a member header's first
 *                           byte, or the byte in which the next deflate block header starts)
 * @param bitOffset          0-7: bits of that byte already used by the previous block (LSB first)
 * @param uncompressedOffset offset in the uncompressed stream (all members concatenated) of the first byte
 *                           produced from here
 * @param memberStart        true if this is the start of a gzip member (no window needed)
 * @param memberPrefixLength uncompressed bytes of the current member before this point (0 at a member start)
 * @param memberPrefixCrc    CRC-32 of those bytes, so the member's CRC can still be verified after resuming
 * @param windowOffset       offset of this checkpoint's compressed window in the windows blob; -1 if none
 * @param windowLength       length of the compressed window in the windows blob; 0 if none
 * @param attachment         opaque value supplied by the {@link CheckpointPolicy} (e.g. a record number)
 */
public record Checkpoint(long compressedOffset, int bitOffset, long uncompressedOffset, boolean memberStart,
                         long memberPrefixLength, int memberPrefixCrc, long windowOffset, int windowLength,
                         long attachment) {

    public Checkpoint {
        if (compressedOffset < 0 || uncompressedOffset < 0 || memberPrefixLength < 0) {
            throw new IllegalArgumentException("negative offset");
        }
        if (bitOffset < 0 || bitOffset > 7) {
            throw new IllegalArgumentException("bit offset must be 0-7: " + bitOffset);
        }
        if (memberStart && (bitOffset != 0 || memberPrefixLength != 0)) {
            throw new IllegalArgumentException("a member start is byte aligned and has no member prefix");
        }
        boolean needsWindow = !memberStart && memberPrefixLength > 0;
        if (needsWindow != (windowLength > 0) || needsWindow != (windowOffset >= 0)) {
            throw new IllegalArgumentException("window offset/length do not match the member prefix");
        }
    }

    /** A checkpoint at a member start (needs no window). */
    public static Checkpoint atMemberStart(long compressedOffset, long uncompressedOffset, long attachment) {
        return new Checkpoint(compressedOffset, 0, uncompressedOffset, true, 0, 0, -1, 0, attachment);
    }

    /** Uncompressed size of the window this checkpoint needs: {@code min(32 KiB, memberPrefixLength)}. */
    public int windowSize() {
        return memberStart ? 0 : (int) Math.min(GzipDecoder.WINDOW, memberPrefixLength);
    }

    /** Whether resuming here needs a window. */
    public boolean hasWindow() {
        return windowSize() > 0;
    }

    /** The checkpoint's position in bits: {@code compressedOffset * 8 + bitOffset}. */
    public long compressedBitPosition() {
        return compressedOffset * 8 + bitOffset;
    }
}
