package io.dataplug.core.formats.lidar;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The point data of a slice being gathered: records, or whole compressed chunks with their point counts.
 * Either kept in memory up to a limit (past it only sizes and the chunk list are kept, and the slice is read
 * again), or written straight through to the output on that second read.
 */
final class Payload {

    private final int limit;
    private byte[] buffer;
    private int used;
    private final OutputStream through;
    private long size;
    private boolean overflow;
    private long[] chunkPoints = new long[16];
    private long[] chunkBytes = new long[16];
    private int chunks;

    /** Buffers up to {@code limit} bytes. */
    Payload(int limit) {
        this.limit = limit;
        this.buffer = new byte[1 << 16];
        this.through = null;
    }

    /** Writes straight to {@code out}. */
    Payload(OutputStream out) {
        this.limit = 0;
        this.buffer = null;
        this.through = out;
    }

    void record(byte[] b, int off, int len) {
        append(b, off, len);
    }

    void chunk(byte[] chunk, long points) {
        if (chunks == chunkPoints.length) {
            chunkPoints = Arrays.copyOf(chunkPoints, chunks * 2);
            chunkBytes = Arrays.copyOf(chunkBytes, chunks * 2);
        }
        chunkPoints[chunks] = points;
        chunkBytes[chunks++] = chunk.length;
        append(chunk, 0, chunk.length);
    }

    private void append(byte[] b, int off, int len) {
        size += len;
        if (through != null) {
            try {
                through.write(b, off, len);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        if (overflow) {
            return;
        }
        if (size > limit) {
            overflow = true;
            buffer = null;
            return;
        }
        if (used + len > buffer.length) {
            buffer = Arrays.copyOf(buffer, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(used + (long) len, 2L * buffer.length)));
        }
        System.arraycopy(b, off, buffer, used, len);
        used += len;
    }

    long size() {
        return size;
    }

    /** Whether every byte is held in memory. */
    boolean complete() {
        return through == null && !overflow;
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(buffer, 0, used);
    }

    long[] chunkPoints() {
        return Arrays.copyOf(chunkPoints, chunks);
    }

    long[] chunkBytes() {
        return Arrays.copyOf(chunkBytes, chunks);
    }
}
