package io.dataplug.core.gzip;

import io.dataplug.core.gzip.GzipFormatException.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads BGZF blocks one by one from a stream that starts at a block boundary. Each block is inflated and checked
 * (CRC-32, ISIZE), so a corrupt or truncated block fails with a {@link GzipFormatException} naming the block's
 * compressed offset (the detail says what was wrong in words fit for a user). A clean end of the stream between
 * blocks is the end of the data.
 */
public final class BgzfReader implements Closeable {

    private final InputStream in;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] compressed = new byte[Bgzf.MAX_BLOCK];
    private final byte[] data = new byte[Bgzf.MAX_BLOCK];
    private long next;
    private long blockOffset = -1;
    private int blockSize;
    private int length;

    /** @param offset compressed offset of the block the stream starts at */
    public BgzfReader(InputStream in, long offset) {
        this.in = in;
        this.next = offset;
    }

    /** Reads the next block; false at a clean end of the stream. Empty blocks are returned too. */
    public boolean next() throws IOException {
        long at = next;
        int n = in.readNBytes(compressed, 0, 18);
        if (n == 0) {
            return false;
        }
        if (n < Bgzf.FIXED_HEADER) {
            throw truncated(at, Bgzf.FIXED_HEADER, n);
        }
        int xlen = Bgzf.extraLength(compressed, 0, at);
        int headerLength = Bgzf.FIXED_HEADER + xlen;
        if (headerLength > n) {
            int more = in.readNBytes(compressed, n, headerLength - n);
            if (more < headerLength - n) {
                throw truncated(at, headerLength, n + more);
            }
            n += more;
        }
        int bsize = Bgzf.blockSize(compressed, 0, xlen, at);
        int rest = bsize - n;
        if (rest > 0) {
            int got = in.readNBytes(compressed, n, rest);
            if (got < rest) {
                throw truncated(at, bsize, n + got);
            }
        }
        long isize = Bgzf.isize(compressed, bsize);
        if (isize > Bgzf.MAX_BLOCK) {
            throw new GzipFormatException(Kind.LENGTH_MISMATCH, at, "corrupt BGZF block: uncompressed size " + isize
                    + " exceeds " + Bgzf.MAX_BLOCK);
        }
        int out = inflate(at, headerLength, bsize - headerLength - Bgzf.TRAILER, (int) isize);
        crc.reset();
        crc.update(data, 0, out);
        if (crc.getValue() != Bgzf.crc(compressed, bsize)) {
            throw new GzipFormatException(Kind.CRC_MISMATCH, at, "corrupt BGZF block: CRC32 mismatch");
        }
        blockOffset = at;
        blockSize = bsize;
        length = out;
        next = at + bsize;
        return true;
    }

    private int inflate(long at, int from, int count, int isize) throws GzipFormatException {
        inflater.reset();
        inflater.setInput(compressed, from, count);
        int out;
        try {
            out = isize == 0 ? 0 : inflater.inflate(data, 0, isize);
            if (isize == 0) {
                inflater.inflate(new byte[1]);
            }
        } catch (DataFormatException e) {
            throw new GzipFormatException(Kind.INVALID_DEFLATE, at, "corrupt BGZF block: invalid deflate data ("
                    + e.getMessage() + ")");
        }
        if (out != isize || !inflater.finished()) {
            throw new GzipFormatException(Kind.LENGTH_MISMATCH, at, "corrupt BGZF block: inflated to " + out + " bytes"
                    + (inflater.finished() ? "" : " without reaching the end of the deflate stream") + ", ISIZE says " + isize);
        }
        return out;
    }

    private static GzipFormatException truncated(long at, int expected, int got) {
        return new GzipFormatException(Kind.TRUNCATED, at + got, "truncated BGZF block starting at byte " + at
                + " (expected " + expected + " bytes, the data ends after " + got + ")");
    }

    /** Compressed offset of the current block. */
    public long blockOffset() {
        return blockOffset;
    }

    public int blockSize() {
        return blockSize;
    }

    /** Compressed offset of the block after the current one. */
    public long nextOffset() {
        return next;
    }

    /** The current block's data: {@code data()[0, length())}. */
    public byte[] data() {
        return data;
    }

    public int length() {
        return length;
    }

    /** Inflates a whole BGZF file held in memory (e.g. a .tbi). */
    public static byte[] inflateAll(byte[] file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(file.length * 4);
        try (BgzfReader r = new BgzfReader(new ByteArrayInputStream(file), 0)) {
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
