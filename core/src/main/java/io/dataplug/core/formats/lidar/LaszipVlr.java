package io.dataplug.core.formats.lidar;

import io.dataplug.core.format.DataFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The payload of the LASzip VLR ({@code laszip encoded}/22204): how the point records are compressed.
 *
 * @param compressor 1 pointwise, 2 pointwise chunked (point formats 0–5), 3 layered chunked (6–10)
 * @param chunkSize  points per chunk, or {@link #VARIABLE} when the chunk table lists each chunk's count
 * @param items      the record's items (type, size, version), e.g. POINT10 + GPSTIME11 for format 1
 */
public record LaszipVlr(int compressor, int coder, long chunkSize, List<Item> items) {

    public static final long VARIABLE = 0xffffffffL;

    /** One item of a point record, as LASzip numbers them (6 POINT10 ... 14 BYTE14). */
    public record Item(int type, int size, int version) {
    }

    public boolean variableChunks() {
        return chunkSize == VARIABLE;
    }

    public int recordLength() {
        return items.stream().mapToInt(Item::size).sum();
    }

    static LaszipVlr parse(byte[] payload, long at, String uri) {
        if (payload.length < 34) {
            throw corrupt(uri, at, "the LASzip VLR is " + payload.length + " bytes, at least 34 needed");
        }
        ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        int compressor = b.getShort(0) & 0xffff;
        int coder = b.getShort(2) & 0xffff;
        long chunkSize = b.getInt(12) & 0xffffffffL;
        int n = b.getShort(32) & 0xffff;
        if (payload.length < 34 + 6 * n) {
            throw corrupt(uri, at, "the LASzip VLR lists " + n + " items but holds " + payload.length + " bytes");
        }
        if (compressor < 1 || compressor > 3 || coder != 0) {
            throw corrupt(uri, at, "unsupported LASzip compressor " + compressor + " / coder " + coder);
        }
        if (chunkSize == 0) {
            throw corrupt(uri, at, "LASzip chunk size 0");
        }
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int o = 34 + 6 * i;
            items.add(new Item(b.getShort(o) & 0xffff, b.getShort(o + 2) & 0xffff, b.getShort(o + 4) & 0xffff));
        }
        return new LaszipVlr(compressor, coder, chunkSize, List.copyOf(items));
    }

    private static DataFormatException corrupt(String uri, long at, String problem) {
        return new DataFormatException(uri, at, 0, problem, "the LAZ file is corrupt or from an unsupported LASzip version");
    }
}
