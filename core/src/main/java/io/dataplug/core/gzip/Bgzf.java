package io.dataplug.core.gzip;

import io.dataplug.core.gzip.GzipFormatException.Kind;

/**
 * The BGZF block format (SAM/BAM specification, section 4.1), for everything that reads it: a BGZF block is a
 * gzip member of at most {@link #MAX_BLOCK} bytes, compressed and uncompressed, whose extra field holds a
 * {@code BC} subfield with the block's size. The constants and header parsing live here only.
 */
public final class Bgzf {

    /** Largest BGZF block, compressed or not. */
    public static final int MAX_BLOCK = 1 << 16;
    /** The empty block bgzip writes at the end of every file. */
    private static final byte[] EOF_MARKER = {
        0x1f, (byte) 0x8b, 8, 4, 0, 0, 0, 0, 0, (byte) 0xff, 6, 0, 0x42, 0x43, 2, 0, 0x1b, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    /** Bytes before a gzip member's extra field: magic, method, flags, time, XFL, OS, XLEN. */
    public static final int FIXED_HEADER = 12;
    /** A member's trailer: CRC-32 and ISIZE. */
    public static final int TRAILER = 8;

    private Bgzf() {
    }

    /** A copy of bgzip's end-of-file marker block. */
    public static byte[] eofMarker() {
        return EOF_MARKER.clone();
    }

    /** Length of the end-of-file marker block. */
    public static int eofMarkerLength() {
        return EOF_MARKER.length;
    }

    /**
     * Checks the fixed part of a block header, {@code b[p, p + 12)}, read at compressed offset {@code at}.
     *
     * @return XLEN, the length of the extra field that follows
     */
    public static int extraLength(byte[] b, int p, long at) throws GzipFormatException {
        if ((b[p] & 0xff) != 0x1f || (b[p + 1] & 0xff) != 0x8b) {
            throw new GzipFormatException(Kind.BAD_MAGIC, at, "not a BGZF block (no gzip magic bytes)");
        }
        if (b[p + 2] != 8 || (b[p + 3] & 4) == 0) {
            throw new GzipFormatException(Kind.NOT_BGZF, at, "gzip member without the BGZF extra field");
        }
        return u16(b, p + 10);
    }

    /**
     * The block size a {@code BC} subfield names in the extra field {@code b[p, p + xlen)}, or -1 if there is
     * none (not a BGZF member).
     */
    public static int bcBlockSize(byte[] b, int p, int xlen) {
        int size = -1;
        for (int x = p; x + 4 <= p + xlen; x += 4 + u16(b, x + 2)) {
            if (b[x] == 'B' && b[x + 1] == 'C' && u16(b, x + 2) == 2 && x + 6 <= p + xlen) {
                size = u16(b, x + 4) + 1;
            }
        }
        return size;
    }

    /**
     * The total size of the block whose header starts at {@code b[p]} (fixed part and the {@code xlen}-byte extra
     * field in the array), read at compressed offset {@code at}.
     */
    public static int blockSize(byte[] b, int p, int xlen, long at) throws GzipFormatException {
        int size = bcBlockSize(b, p + FIXED_HEADER, xlen);
        if (size < 0) {
            throw new GzipFormatException(Kind.NOT_BGZF, at, "gzip member without the BGZF BC extra subfield");
        }
        if (size < FIXED_HEADER + xlen + TRAILER) {
            throw new GzipFormatException(Kind.BAD_HEADER, at, "corrupt BGZF block: block size " + size + " is too small");
        }
        return size;
    }

    /** The uncompressed size (trailer ISIZE) of the block ending before {@code b[end]}. */
    public static long isize(byte[] b, int end) {
        return u32(b, end - 4);
    }

    /** The CRC-32 in the trailer of the block ending before {@code b[end]}. */
    public static long crc(byte[] b, int end) {
        return u32(b, end - TRAILER);
    }

    /** Whether {@code b} is bgzip's end-of-file marker block. */
    public static boolean isEofMarker(byte[] b) {
        return java.util.Arrays.equals(b, EOF_MARKER);
    }

    /** Little-endian unsigned 16-bit integer at {@code b[p]}. */
    public static int u16(byte[] b, int p) {
        return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8;
    }

    private static long u32(byte[] b, int p) {
        return (u16(b, p) | (long) u16(b, p + 2) << 16) & 0xffffffffL;
    }
}
