package io.dataplug.core.formats.cog;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Small tiled TIFFs made without GDAL, and broken variants of them, for the bad-input tests of the core and the
 * CLI. The good one is 40 x 30 8-bit pixels in 16 x 16 uncompressed tiles (3 x 2 tiles), classic little-endian.
 */
public final class CogTestFiles {

    public static final int WIDTH = 40;
    public static final int HEIGHT = 30;
    private static final int TILE = 16;

    private CogTestFiles() {
    }

    /** A valid tiled TIFF: tile t is filled with the byte value t + 1. */
    public static byte[] tiled() {
        TiffImage im = new TiffImage(0, WIDTH, HEIGHT, TILE, TILE, 1, new int[] {8}, null, 1, 1, 1, 1, null, null, null,
                null, List.of());
        int tiles = (int) im.tileCount();
        TiffWriter w = new TiffWriter(ByteOrder.LITTLE_ENDIAN, false);
        long[] offsets = new long[tiles];
        long[] lengths = new long[tiles];
        int front = w.frontSize(List.of(im));
        for (int t = 0; t < tiles; t++) {
            offsets[t] = front + (long) t * TILE * TILE;
            lengths[t] = TILE * TILE;
        }
        byte[] head = w.front(List.of(im), List.of(offsets), List.of(lengths));
        byte[] file = Arrays.copyOf(head, front + tiles * TILE * TILE);
        for (int t = 0; t < tiles; t++) {
            Arrays.fill(file, (int) offsets[t], (int) offsets[t] + TILE * TILE, (byte) (t + 1));
        }
        return file;
    }

    public static byte[] notTiff() {
        return "<html>this is not an image</html>\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The tiled file with its tile tags renamed to strip tags, as a stripped TIFF has them. */
    public static byte[] stripped() {
        byte[] f = tiled();
        ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(entry(f, Tiff.TILE_OFFSETS), (short) Tiff.STRIP_OFFSETS);
        b.putShort(entry(f, Tiff.TILE_BYTE_COUNTS), (short) 279);
        b.putShort(entry(f, Tiff.TILE_WIDTH), (short) 278); // RowsPerStrip
        b.putShort(entry(f, Tiff.TILE_LENGTH), (short) 65000); // a private tag
        return f;
    }

    /** The file cut in the middle of its IFD. */
    public static byte[] truncatedIfd() {
        return Arrays.copyOf(tiled(), 40);
    }

    /** The last tile offset points past the end of the file. */
    public static byte[] tileOffsetPastEnd() {
        byte[] f = tiled();
        ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        int values = b.getInt(entry(f, Tiff.TILE_OFFSETS) + 8);
        b.putInt(values + 4 * 5, f.length + 100);
        return f;
    }

    /** Every tile sparse (byte count 0), as GDAL writes all-nodata tiles with SPARSE_OK=TRUE. */
    public static byte[] sparse() {
        byte[] f = tiled();
        ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        int offsets = b.getInt(entry(f, Tiff.TILE_OFFSETS) + 8);
        int counts = b.getInt(entry(f, Tiff.TILE_BYTE_COUNTS) + 8);
        for (int t = 0; t < 6; t++) {
            b.putInt(offsets + 4 * t, 0);
            b.putInt(counts + 4 * t, 0);
        }
        return f;
    }

    /** Compression 12345, which no one knows. */
    public static byte[] unknownCompression() {
        byte[] f = tiled();
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putShort(entry(f, Tiff.COMPRESSION) + 8, (short) 12345);
        return f;
    }

    /** Byte position of the first IFD's entry for {@code tag}. */
    private static int entry(byte[] f, int tag) {
        ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        int ifd = b.getInt(4);
        int n = b.getShort(ifd) & 0xffff;
        List<Integer> tags = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int at = ifd + 2 + i * 12;
            if ((b.getShort(at) & 0xffff) == tag) {
                return at;
            }
            tags.add(b.getShort(at) & 0xffff);
        }
        throw new IllegalArgumentException("no tag " + tag + " in " + tags);
    }
}
