package io.dataplug.core.formats.vcf;

import io.dataplug.core.format.DataFormatException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.Inflater;

/**
 * Reads BGZF blocks one by one from a stream that starts at a block boundary. Each block is a gzip member
 * whose extra field carries {@code BC} with the block size; it is inflated and checked (CRC32, ISIZE), so a
 * corrupt or truncated block fails with a {@link DataFormatException} naming the object and the block's
 * compressed offset. A clean end of the stream between blocks is the end of data.
 */
final class BgzfReader implements Closeable {

    /** Largest BGZF block, compressed or not. */
    static final int MAX_BLOCK = 65536;
    /** The empty block bgzip writes at the end of every file. */
    static final byte[] EOF_MARKER = {
        0x1f, (byte) 0x8b, 8, 4, 0, 0, 0, 0, 0, (byte) 0xff, 6, 0, 0x42, 0x43, 2, 0, 0x1b, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    private final InputStream in;
    private final String uri;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] compressed = new byte[MAX_BLOCK];
    private final byte[] data = new byte[MAX_BLOCK];
    private long next;
    private long blockOffset = -1;
    private int blockSize;
    private int length;

    /** @param offset compressed offset of the block the stream starts at */
    BgzfReader(InputStream in, String uri, long offset) {
        this.in = in;
        this.uri = uri;
        this.next = offset;
    }

    /** Reads the next block; false at a clean end of the stream. Empty blocks are returned too. */
    boolean next() throws IOException {
        long at = next;
        int n = in.readNBytes(compressed, 0, 18);
        if (n == 0) {
            return false;
        }
        if (n < 12 || (compressed[0] & 0xff) != 0x1f || (compressed[1] & 0xff) != 0x8b) {
            if (n < 12) {
                throw truncated(at, 12, n);
            }
            throw new DataFormatException(uri, at, 0, "not a BGZF block (no gzip magic bytes)",
                    at == 0 ? "is the object bgzip-compressed? use format vcf for plain text" : "the file is corrupt");
        }
        if (compressed[2] != 8 || (compressed[3] & 4) == 0) {
            throw new DataFormatException(uri, at, 0, "gzip member without the BGZF extra field",
                    "recompress with bgzip (plain gzip cannot be read block by block)");
        }
        int xlen = u16(compressed, 10);
        if (12 + xlen > n) {
            int more = in.readNBytes(compressed, n, 12 + xlen - n);
            if (more < 12 + xlen - n) {
                throw truncated(at, 12 + xlen, n + more);
            }
            n += more;
        }
        int bsize = -1;
        for (int p = 12; p + 4 <= 12 + xlen; ) {
            int slen = u16(compressed, p + 2);
            if (compressed[p] == 'B' && compressed[p + 1] == 'C' && slen == 2 && p + 6 <= 12 + xlen) {
                bsize = u16(compressed, p + 4) + 1;
            }
            p += 4 + slen;
        }
        if (bsize < 0) {
            throw new DataFormatException(uri, at, 0, "gzip member without the BGZF BC extra subfield",
                    "recompress with bgzip (plain gzip cannot be read block by block)");
        }
        if (bsize < 12 + xlen + 8) {
            throw new DataFormatException(uri, at, 0, "corrupt BGZF block: block size " + bsize + " is too small", null);
        }
        int rest = bsize - n;
        if (rest > 0) {
            int got = in.readNBytes(compressed, n, rest);
            if (got < rest) {
                throw truncated(at, bsize, n + got);
            }
        }
        int cdataStart = 12 + xlen;
        int cdataLength = bsize - cdataStart - 8;
        long expectedCrc = u32(compressed, bsize - 8);
        int isize = (int) u32(compressed, bsize - 4);
        if (isize < 0 || isize > MAX_BLOCK) {
            throw new DataFormatException(uri, at, 0, "corrupt BGZF block: uncompressed size " + (isize & 0xffffffffL)
                    + " exceeds " + MAX_BLOCK, null);
        }
        inflater.reset();
        inflater.setInput(compressed, cdataStart, cdataLength);
        int out;
        try {
            out = isize == 0 ? 0 : inflater.inflate(data, 0, isize);
            if (isize == 0) {
                inflater.inflate(new byte[1]);
            }
        } catch (java.util.zip.DataFormatException e) {
            throw new DataFormatException(uri, at, 0, "corrupt BGZF block: invalid deflate data (" + e.getMessage() + ")", null);
        }
        if (out != isize || !inflater.finished()) {
            throw new DataFormatException(uri, at, 0, "corrupt BGZF block: inflated to " + out + " bytes"
                    + (inflater.finished() ? "" : " without reaching the end of the deflate stream")
                    + ", ISIZE says " + isize, null);
        }
        crc.reset();
        crc.update(data, 0, out);
        if (crc.getValue() != expectedCrc) {
            throw new DataFormatException(uri, at, 0, "corrupt BGZF block: CRC32 mismatch", null);
        }
        blockOffset = at;
        blockSize = bsize;
        length = out;
        next = at + bsize;
        return true;
    }

    private DataFormatException truncated(long at, int expected, int got) {
        return new DataFormatException(uri, at + got, 0, "truncated BGZF block starting at byte " + at + " (expected "
                + expected + " bytes, the data ends after " + got + ")", "the file is incomplete; re-upload or recompress it");
    }

    /** Compressed offset of the current block. */
    long blockOffset() {
        return blockOffset;
    }

    int blockSize() {
        return blockSize;
    }

    /** Compressed offset of the block after the current one. */
    long nextOffset() {
        return next;
    }

    byte[] data() {
        return data;
    }

    int length() {
        return length;
    }

    static int u16(byte[] b, int p) {
        return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8;
    }

    static long u32(byte[] b, int p) {
        return (u16(b, p) | (long) u16(b, p + 2) << 16) & 0xffffffffL;
    }

    /** Inflates a whole BGZF file held in memory (e.g. a .tbi). */
    static byte[] inflateAll(byte[] file, String uri) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(file.length * 4);
        try (BgzfReader r = new BgzfReader(new java.io.ByteArrayInputStream(file), uri, 0)) {
            while (r.next()) {
                out.write(r.data(), 0, r.length());
            }
        }
        return out.toByteArray();
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }
}
