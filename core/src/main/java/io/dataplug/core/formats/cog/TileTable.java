package io.dataplug.core.formats.cog;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The side file {@value #FILE}: every IFD's tile offsets and byte counts, one after the other in IFD order,
 * each tile as two big-endian 64-bit integers (offset, byte count). An IFD's entries start at its
 * {@link CogIndex.Ifd#firstTile()}. Kept out of {@code index.json} because it grows with the image.
 */
final class TileTable {

    static final String FILE = "tiles.bin";
    static final int ENTRY = 16;

    private TileTable() {
    }

    /** Where one image's tiles are (parallel arrays in TileOffsets order; length 0 is a sparse tile). */
    record Tiles(long[] offsets, long[] lengths) {
    }

    static byte[] encode(List<IfdDecoder.Decoded> ifds) {
        long total = ifds.stream().mapToLong(d -> d.tiles().offsets().length).sum();
        if (total * ENTRY > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tile table of " + total + " tiles is too large");
        }
        ByteBuffer b = ByteBuffer.allocate((int) (total * ENTRY));
        for (IfdDecoder.Decoded d : ifds) {
            Tiles t = d.tiles();
            for (int i = 0; i < t.offsets().length; i++) {
                b.putLong(t.offsets()[i]).putLong(t.lengths()[i]);
            }
        }
        return b.array();
    }

    /** The {@code count} entries from entry {@code first}; fails when the file does not hold them. */
    static Tiles decode(byte[] table, long first, long count, String where) {
        if (first < 0 || count < 0 || (first + count) * ENTRY > table.length) {
            throw new IllegalStateException(where + ": " + FILE + " has " + table.length / ENTRY + " entries, the index needs "
                    + (first + count) + " (the side file does not belong to this index)");
        }
        ByteBuffer b = ByteBuffer.wrap(table);
        long[] offsets = new long[(int) count];
        long[] lengths = new long[(int) count];
        for (int t = 0; t < count; t++) {
            int at = (int) ((first + t) * ENTRY);
            offsets[t] = b.getLong(at);
            lengths[t] = b.getLong(at + 8);
        }
        return new Tiles(offsets, lengths);
    }
}
