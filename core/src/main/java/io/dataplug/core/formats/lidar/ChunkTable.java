package io.dataplug.core.formats.lidar;

import com.github.mreutegg.laszip4j.laszip.ArithmeticDecoder;
import com.github.mreutegg.laszip4j.laszip.ByteStreamInArray;
import com.github.mreutegg.laszip4j.laszip.IntegerCompressor;
import io.dataplug.core.format.DataFormatException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A LAZ chunk table: where each compressed chunk starts and how many points it holds. On disk (after the
 * point data, found through the 8-byte pointer that opens the point data): {@code u32 version = 0},
 * {@code u32 chunk count}, then per chunk its point count (only with variable-size chunks) and byte count,
 * each predicted from the previous chunk's and entropy-coded with LASzip's integer compressor (32 bits,
 * two contexts: 0 for points, 1 for bytes).
 *
 * @param starts absolute offsets of the chunks, plus one past the last chunk's end
 * @param points points in each chunk
 */
record ChunkTable(long[] starts, long[] points) {

    int chunks() {
        return points.length;
    }

    long bytes(int chunk) {
        return starts[chunk + 1] - starts[chunk];
    }

    /**
     * Decodes a table read from {@code tableAt}; {@code chunksStart} is where the first chunk starts (the
     * point data offset + 8), {@code totalPoints} the header's count, used to size fixed chunks and to check.
     */
    static ChunkTable decode(byte[] table, long tableAt, long chunksStart, LaszipVlr laszip, long totalPoints,
                             String uri) {
        if (table.length < 8) {
            throw corrupt(uri, tableAt, "the chunk table is cut short (" + table.length + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
        int version = b.getInt(0);
        long count = b.getInt(4) & 0xffffffffL;
        if (version != 0) {
            throw corrupt(uri, tableAt, "chunk table version " + version + " (expected 0)");
        }
        if (count > (table.length - 8) * 8L + 1 || count > Integer.MAX_VALUE - 1) {
            throw corrupt(uri, tableAt, "the chunk table claims " + count + " chunks in " + table.length + " bytes");
        }
        int n = (int) count;
        long[] starts = new long[n + 1];
        long[] points = new long[n];
        starts[0] = chunksStart;
        boolean variable = laszip.variableChunks();
        if (n > 0) {
            try {
                ArithmeticDecoder dec = new ArithmeticDecoder();
                ByteStreamInArray in = new ByteStreamInArray(table, table.length);
                in.seek(8);
                dec.init(in);
                IntegerCompressor ic = new IntegerCompressor(dec, 32, 2);
                ic.initDecompressor();
                int prevPoints = 0;
                int prevBytes = 0;
                for (int i = 0; i < n; i++) {
                    if (variable) {
                        prevPoints = ic.decompress(prevPoints, 0);
                        points[i] = prevPoints & 0xffffffffL;
                    }
                    prevBytes = ic.decompress(prevBytes, 1);
                    starts[i + 1] = starts[i] + (prevBytes & 0xffffffffL);
                }
            } catch (RuntimeException e) {
                throw corrupt(uri, tableAt, "the chunk table does not decode (" + e + ")");
            }
        }
        if (!variable) {
            long left = totalPoints;
            for (int i = 0; i < n; i++) {
                points[i] = Math.min(laszip.chunkSize(), left);
                left -= points[i];
            }
        }
        long sum = 0;
        for (int i = 0; i < n; i++) {
            if (starts[i + 1] <= starts[i]) {
                throw corrupt(uri, tableAt, "chunk " + i + " has " + (starts[i + 1] - starts[i]) + " bytes");
            }
            sum += points[i];
        }
        if (starts[n] > tableAt) {
            throw corrupt(uri, tableAt, "the chunks end at byte " + starts[n] + ", after the chunk table");
        }
        if (sum != totalPoints) {
            throw corrupt(uri, tableAt, "the chunks hold " + sum + " points, the header says " + totalPoints);
        }
        return new ChunkTable(starts, points);
    }

    /** Encodes the table of chunks with these point and byte counts (points written only for variable chunks). */
    static byte[] encode(long[] points, long[] bytes, boolean variable) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(bytes.length);
        out.writeBytes(head.array());
        if (bytes.length > 0) {
            ArithmeticEncoder enc = new ArithmeticEncoder();
            ArithmeticEncoder.IntegerCompressor ic = new ArithmeticEncoder.IntegerCompressor(enc, 2);
            for (int i = 0; i < bytes.length; i++) {
                if (variable) {
                    ic.compress(i > 0 ? (int) points[i - 1] : 0, (int) points[i], 0);
                }
                ic.compress(i > 0 ? (int) bytes[i - 1] : 0, (int) bytes[i], 1);
            }
            out.writeBytes(enc.finish());
        }
        return out.toByteArray();
    }

    static DataFormatException corrupt(String uri, long at, String problem) {
        return new DataFormatException(uri, at, 0, "corrupt LAZ chunk table: " + problem,
                "the LAZ file is damaged or was not fully written");
    }
}
