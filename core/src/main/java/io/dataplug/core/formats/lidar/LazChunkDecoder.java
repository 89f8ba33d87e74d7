package io.dataplug.core.formats.lidar;

import com.github.mreutegg.laszip4j.laszip.ByteStreamInArray;
import com.github.mreutegg.laszip4j.laszip.ByteStreamOutArray;
import com.github.mreutegg.laszip4j.laszip.LASitem;
import com.github.mreutegg.laszip4j.laszip.LASpoint;
import com.github.mreutegg.laszip4j.laszip.LASreadPoint;
import com.github.mreutegg.laszip4j.laszip.LASwritePoint;
import com.github.mreutegg.laszip4j.laszip.LASzip;
import io.dataplug.core.format.DataFormatException;

/**
 * Decodes one LAZ chunk (a COPC node is one too) into uncompressed point records with laszip4j. Each chunk
 * is self-contained (the entropy coder restarts per chunk), so it is decoded alone: the chunk's bytes are
 * handed to laszip4j's point reader as a one-chunk stream whose chunk size is the chunk's point count, so it
 * never needs the file's chunk table; its raw item writers turn the decoded items back into LAS records.
 */
final class LazChunkDecoder {

    private final LaszipVlr laszip;
    private final int recordLength;

    LazChunkDecoder(LaszipVlr laszip, int recordLength) {
        if (laszip.recordLength() != recordLength) {
            throw new IllegalArgumentException("LASzip items make " + laszip.recordLength() + "-byte records, the header says "
                    + recordLength);
        }
        this.laszip = laszip;
        this.recordLength = recordLength;
    }

    /**
     * The {@code points} records of the chunk in {@code chunk[0, length)}, {@code recordLength} bytes each.
     *
     * @param at the chunk's offset in its object, for messages
     */
    byte[] decode(byte[] chunk, int length, long points, String uri, long at) {
        if (points == 0) {
            return new byte[0];
        }
        if (points > Integer.MAX_VALUE / recordLength) {
            throw new DataFormatException(uri, at, 0, "LAZ chunk of " + points + " points is too large to decode", null);
        }
        LASitem[] items = new LASitem[laszip.items().size()];
        for (int i = 0; i < items.length; i++) {
            LaszipVlr.Item it = laszip.items().get(i);
            items[i] = new LASitem(LASitem.Type.fromOrdinal(it.type()), it.size(), it.version());
        }
        LASzip z = new LASzip();
        z.compressor = (char) laszip.compressor();
        z.coder = (char) laszip.coder();
        z.chunk_size = (int) points;
        z.num_items = (char) items.length;
        z.items = items;
        // A chunk-table pointer of 0 ("no table yet") makes the reader build its table as it goes.
        byte[] stream = new byte[8 + length];
        System.arraycopy(chunk, 0, stream, 8, length);
        LASreadPoint reader = new LASreadPoint(LASzip.LASZIP_DECOMPRESS_SELECTIVE_ALL);
        LASwritePoint writer = new LASwritePoint();
        LASpoint point = new LASpoint();
        ByteStreamOutArray out = new ByteStreamOutArray(points * recordLength);
        if (!reader.setup(items.length, items, z) || !reader.init(new ByteStreamInArray(stream, stream.length))
                || !point.init(null, items.length, items, null) || !writer.setup(items.length, items) || !writer.init(out)) {
            throw corrupt(uri, at, "unsupported LASzip items " + laszip.items());
        }
        try {
            for (long i = 0; i < points; i++) {
                if (!reader.read(point.PointRecords)) {
                    throw corrupt(uri, at, "point " + i + " of " + points + " does not decode (" + reader.error() + ")");
                }
                writer.write(point.PointRecords);
            }
        } catch (RuntimeException e) {
            if (e instanceof DataFormatException d) {
                throw d;
            }
            throw corrupt(uri, at, "the chunk does not decode (" + e + ")");
        }
        byte[] records = out.takeData().array();
        if (records.length < points * recordLength) {
            throw corrupt(uri, at, "the chunk decoded to " + records.length + " bytes");
        }
        return records;
    }

    private static DataFormatException corrupt(String uri, long at, String problem) {
        return new DataFormatException(uri, at, 0, "corrupt LAZ chunk: " + problem, "the LAZ file is damaged");
    }
}
