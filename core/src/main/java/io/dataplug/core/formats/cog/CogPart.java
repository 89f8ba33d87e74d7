package io.dataplug.core.formats.cog;

import java.util.List;

/**
 * The corrections of one part of a {@code cog} slice: which tiles of the slice file lie in the part's byte range,
 * and, in the first part only, the header describing the file to write.
 *
 * @param header the slice file's images (first part only, else null)
 * @param tiles runs of consecutive tiles of the slice file found in this part
 */
record CogPart(Header header, List<TileRun> tiles) {

    /**
     * What the slice file holds.
     *
     * @param byteOrder {@code II} or {@code MM}: the source's, since uncompressed samples are copied as they are
     * @param alwaysBigTiff write BigTIFF even when classic TIFF would do
     * @param images the window's image, then its transparency mask when the level has one
     */
    record Header(String byteOrder, boolean alwaysBigTiff, List<TiffImage> images) {
    }

    /**
     * Tiles {@code first, first + 1, ...} (TileOffsets order) of image {@code image} of the slice file: each one's
     * bytes start {@code offsets[i]} bytes into the part and are {@code lengths[i]} long. A length of 0 is a sparse
     * tile (no bytes; readers fill it with nodata).
     */
    record TileRun(int image, long first, long[] offsets, long[] lengths) {
    }
}
