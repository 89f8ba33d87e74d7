package io.dataplug.core.gzip;

/**
 * Speculative search for a place to start decoding inside a compressed byte range: a gzip member header,
 * or a non-final dynamic or stored deflate block whose header is valid, whose body decodes (with unknown
 * window bytes as placeholders) and after which decoding continues into a further dynamic block that also
 * decodes and is followed by a valid header (or the member ends). Fixed-code blocks are not searched for
 * (random bits decode as them too easily); a range holding none of the others has no start, and the range
 * before it decodes through it. A false start that passes anyway is caught when the previous range does
 * not end exactly on it.
 */
final class BlockFinder {

    /**
     * A start: bit position, and whether it is a member header (else a deflate block header). A stored
     * block's header is three zero bits followed by zero padding, so zero bits before it look the same:
     * the true header is somewhere in {@code [bit, latestBit]}, and decoding from any of them is the same.
     */
    record Start(long bit, long latestBit, boolean member) {
    }

    private static final int MAX_CONFIRM_BLOCKS = 16;

    private final byte[] src;
    private final int length;
    private final MarkerInflater m;

    BlockFinder(byte[] src) {
        this(src, src.length);
    }

    /** Searches and confirms within {@code src[0, length)} only. */
    BlockFinder(byte[] src, int length) {
        this.src = src;
        this.length = length;
        this.m = new MarkerInflater(src, length);
    }

    /** The first start at a bit position in {@code [fromBit, toBit)}, or null. */
    Start find(long fromBit, long toBit) {
        for (long b = fromBit; b < toBit; b++) {
            if ((b & 7) == 0) {
                int h = GzipHeaders.end(src, (int) (b >>> 3), length);
                if (h >= 0 && confirm(h * 8L)) {
                    return new Start(b, b, true);
                }
            }
            long head = bitsAt(b);
            int type = (int) (head >>> 1) & 3;
            if ((head & 1) == 0 && (type == 2 ? dynamicHeaderMayBeValid(b)
                    : type == 0 && storedPaddingIsZero(b) && storedLengthsMatch(b)) && confirm(b)) {
                return new Start(b, type == 0 ? ((b + 3 + 7) & ~7L) - 3 : b, false);
            }
        }
        return null;
    }

    /**
     * The first checks {@link DynamicHeader} makes, without building a table or throwing: at most 286 literal/length
     * and 30 distance codes, and code-length code lengths that form a complete code (Kraft sum exactly 1). Most
     * bit positions fail here; {@link #confirm} would reject them too, only far more slowly (an exception each).
     */
    private boolean dynamicHeaderMayBeValid(long b) {
        long v = bitsAt(b + 3);
        if ((v & 31) > 29 || ((v >>> 5) & 31) > 29) {
            return false;
        }
        int hclen = (int) ((v >>> 10) & 15) + 4;
        long lens = bitsAt(b + 17);
        int kraft = 0; // in units of 2^-7 (lengths are at most 7)
        for (int k = 0; k < hclen; k++) {
            int len = (int) (lens >>> (3 * k)) & 7;
            if (len != 0) {
                kraft += 128 >>> len;
            }
        }
        return kraft == 128;
    }

    /** A stored block's LEN and NLEN (after the padding to the byte boundary) are each other's complement. */
    private boolean storedLengthsMatch(long b) {
        long v = bitsAt((b + 3 + 7) & ~7L);
        return ((v ^ (v >>> 16)) & 0xffff) == 0xffff;
    }

    private long bitsAt(long bit) {
        return Bits.at(src, length, bit);
    }

    /** Encoders pad a stored block's header to the byte boundary with zero bits. */
    private boolean storedPaddingIsZero(long b) {
        long hdrEnd = b + 3;
        int pad = (int) ((8 - (hdrEnd & 7)) & 7);
        if (pad == 0) {
            return true;
        }
        if ((hdrEnd >>> 3) >= length) {
            return false;
        }
        int v = (src[(int) (hdrEnd >>> 3)] & 0xff) >>> (hdrEnd & 7);
        return (v & ((1 << pad) - 1)) == 0;
    }

    private boolean confirm(long bit) {
        m.reset(bit);
        try {
            for (int n = 0; n < MAX_CONFIRM_BLOCKS; n++) {
                boolean last = m.header();
                boolean dynamic = m.isDynamic();
                m.body();
                if (last) {
                    return true;
                }
                if (dynamic) {
                    m.header(); // the next header must be valid too
                    return true;
                }
            }
            return false;
        } catch (GzipFormatException e) {
            return false;
        }
    }
}
