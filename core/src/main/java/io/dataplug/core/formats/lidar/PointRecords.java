package io.dataplug.core.formats.lidar;

import io.dataplug.core.format.DataFormatException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Streams point records out of uncompressed ranges and LAZ chunks, numbered as in their object. */
final class PointRecords {

    private static final int BLOCK = 1 << 20;

    private PointRecords() {
    }

    /** Opens bytes {@code [start, end)} of an object. */
    @FunctionalInterface
    interface Opener {
        InputStream open(long start, long end);

        /** The bytes, all of them or a clear error. */
        default byte[] read(long start, long end, String uri) {
            try (InputStream in = open(start, end)) {
                byte[] b = in.readNBytes((int) (end - start));
                if (b.length != end - start) {
                    throw new EOFException(uri + ": range [" + start + ", " + end + ") ended after " + b.length + " bytes");
                }
                return b;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Receives record {@code n} of the object at {@code buf[off, off + recordLength)}. */
    @FunctionalInterface
    interface Sink {
        void accept(byte[] buf, int off, long n) throws IOException;
    }

    /** Receives {@code n} consecutive records at {@code buf[0, n * recordLength)}, the first being point {@code first}. */
    @FunctionalInterface
    interface BlockSink {
        void accept(byte[] buf, int n, long first) throws IOException;
    }

    /** The {@code count} records from point {@code first} on, read from {@code in} (which starts at that record). */
    static void uncompressed(InputStream in, long first, long count, int recordLength, String uri, long at, Sink sink)
            throws IOException {
        blocks(in, first, count, recordLength, uri, at, (buf, n, p) -> {
            for (int i = 0; i < n; i++) {
                sink.accept(buf, i * recordLength, p + i);
            }
        });
    }

    /** As {@link #uncompressed}, a block of records at a time. */
    static void blocks(InputStream in, long first, long count, int recordLength, String uri, long at, BlockSink sink)
            throws IOException {
        int perBlock = (int) Math.max(1, Math.min(count, BLOCK / recordLength));
        byte[] buf = new byte[perBlock * recordLength];
        long done = 0;
        while (done < count) {
            int n = (int) Math.min(perBlock, count - done);
            int len = n * recordLength;
            int got = in.readNBytes(buf, 0, len);
            if (got != len) {
                throw new DataFormatException(uri, at + done * recordLength + got, 0, "the point data ends early: "
                        + (count - done) + " more records expected", "the file is truncated");
            }
            sink.accept(buf, n, first + done);
            done += n;
        }
    }

    /** The records of one LAZ chunk whose first point is {@code first}. */
    static void chunk(LazChunkDecoder decoder, byte[] chunk, int length, long points, long first, int recordLength,
                      String uri, long at, Sink sink) throws IOException {
        byte[] records = decoder.decode(chunk, length, points, uri, at);
        for (int i = 0; i < points; i++) {
            sink.accept(records, i * recordLength, first + i);
        }
    }
}
