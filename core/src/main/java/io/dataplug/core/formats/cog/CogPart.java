package io.dataplug.core.formats.cog;

import io.dataplug.core.slice.Corrections;
import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.util.OptionalField;
import java.util.List;

/**
 * The corrections of one part of a {@code cog} slice: which tiles of the slice file lie in the part's byte range,
 * and, in the first part only, the header describing the file to write.
 *
 * @param header the slice file's images (first part only, else absent)
 * @param tiles runs of consecutive tiles of the slice file found in this part
 */
record CogPart(@OptionalField Header header, List<TileRun> tiles) implements Corrections {

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

    /**
     * What one part can tell alone: a well-formed header, and tiles that lie inside the part. That the slice
     * file's every tile is given exactly once is checked across parts when the slice is evaluated.
     */
    @Override
    public void validate(SlicePart<?> part) {
        if (header != null) {
            Corrections.require("II".equals(header.byteOrder()) || "MM".equals(header.byteOrder()),
                    "header.byteOrder must be II or MM");
            Corrections.require(!header.images().isEmpty() && header.images().size() <= 2,
                    "header.images: a cog slice holds an image and at most its mask");
            for (int i = 0; i < header.images().size(); i++) {
                try {
                    header.images().get(i).check("header.images[" + i + "]");
                } catch (IllegalArgumentException e) {
                    throw new io.dataplug.core.slice.InvalidSliceException(e.getMessage());
                }
            }
        }
        for (int r = 0; r < tiles.size(); r++) {
            TileRun run = tiles.get(r);
            String at = "tiles[" + r + "]";
            Corrections.require(run.offsets().length == run.lengths().length, at + ": as many offsets as lengths");
            Corrections.require(run.image() >= 0 && run.image() <= 1 && run.first() >= 0
                    && run.first() <= TiffImage.MAX_TILES, at + ": image " + run.image() + " tile " + run.first());
            for (int i = 0; i < run.offsets().length; i++) {
                long off = run.offsets()[i];
                long len = run.lengths()[i];
                Corrections.require(len >= 0 && (len == 0 || off >= 0 && off <= part.length() - len), at + ": tile "
                        + (run.first() + i) + " (" + len + " bytes at " + off + ") is outside the part's " + part.length()
                        + " bytes");
            }
        }
    }
}
