package io.dataplug.core.gzip;

/**
 * A position in BGZF data: the compressed offset of a block and an offset into that block's uncompressed data.
 * Indexes (tabix, htslib, ours) keep it packed in one {@code long}, {@code block << 16 | inBlock}; the static
 * methods read and make packed values without allocating, for code that holds many of them in arrays.
 *
 * @param block   compressed offset of the block (below 2^48)
 * @param inBlock offset in the block's uncompressed data (below 2^16)
 */
public record VirtualOffset(long block, int inBlock) implements Comparable<VirtualOffset> {

    private static final int SHIFT = 16;
    private static final long IN_BLOCK = (1L << SHIFT) - 1;

    public VirtualOffset {
        if (block < 0 || block >>> (64 - SHIFT) != 0 || inBlock < 0 || inBlock > IN_BLOCK) {
            throw new IllegalArgumentException("not a BGZF virtual offset: block " + block + ", offset " + inBlock);
        }
    }

    /** Unpacks {@code block << 16 | inBlock}. */
    public static VirtualOffset of(long packed) {
        return new VirtualOffset(blockOf(packed), inBlockOf(packed));
    }

    /** {@code block << 16 | inBlock}. */
    public long packed() {
        return pack(block, inBlock);
    }

    public static long pack(long block, int inBlock) {
        return block << SHIFT | inBlock;
    }

    /** The block of a packed virtual offset. */
    public static long blockOf(long packed) {
        return packed >>> SHIFT;
    }

    /** The offset in its block of a packed virtual offset. */
    public static int inBlockOf(long packed) {
        return (int) (packed & IN_BLOCK);
    }

    /** Whether a packed virtual offset is a block's first byte. */
    public static boolean isBlockStart(long packed) {
        return inBlockOf(packed) == 0;
    }

    @Override
    public int compareTo(VirtualOffset o) {
        return Long.compare(packed(), o.packed());
    }

    @Override
    public String toString() {
        return block + ":" + inBlock;
    }
}
