package io.dataplug.core.formats.cog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.dataplug.core.util.OptionalField;
import java.util.List;

/**
 * How one tiled TIFF image is stored and what it means, everything but where its tiles are: enough to write a
 * TIFF directory whose tiles are copied from the source. In the index (one per IFD) and in slices (the images a
 * slice file holds). Absent optional tags are null; {@code photometric} is -1 when the tag is absent.
 *
 * @param subfileType NewSubfileType (bit 0: reduced-resolution image, bit 2: transparency mask)
 * @param jpegTables JPEGTables (abbreviated JPEG tables shared by the tiles)
 * @param geo GeoTIFF tags (only the full-resolution image has them)
 * @param nodata GDAL_NODATA
 * @param gdalMetadata GDAL_METADATA (XML)
 * @param extra other tags about decoding samples, copied verbatim (color map, extra samples, YCbCr, LERC...)
 */
record TiffImage(int subfileType, long width, long height, int tileWidth, int tileHeight, int samplesPerPixel,
                 int[] bitsPerSample, @OptionalField int[] sampleFormat, int compression, int predictor, int planarConfig,
                 int photometric, @OptionalField byte[] jpegTables, @OptionalField GeoTags geo, @OptionalField String nodata,
                 @OptionalField String gdalMetadata, List<TiffTag> extra) {

    /** Most tiles one image may have (a slice or an index describing more is refused as hostile). */
    static final long MAX_TILES = 1L << 26;

    long tilesAcross() {
        return ceilDiv(width, tileWidth);
    }

    long tilesDown() {
        return ceilDiv(height, tileHeight);
    }

    /** Planes of tiles: one for pixel-interleaved images, one per sample for band-interleaved ones. */
    int planes() {
        return planarConfig == Tiff.PLANAR_SEPARATE ? samplesPerPixel : 1;
    }

    long tileCount() {
        return tilesAcross() * tilesDown() * planes();
    }

    /** Index of the tile at {@code (col, row)} of {@code plane} in TileOffsets order. */
    long tileIndex(int plane, long row, long col) {
        return (plane * tilesDown() + row) * tilesAcross() + col;
    }

    @JsonIgnore
    boolean isMask() {
        return (subfileType & Tiff.SUBFILE_MASK) != 0;
    }

    @JsonIgnore
    boolean isOverview() {
        return (subfileType & Tiff.SUBFILE_REDUCED) != 0 && !isMask();
    }

    /** This image as the {@code width} x {@code height} file of a window, with that window's georeferencing. */
    TiffImage window(long w, long h, GeoTags windowGeo, String windowNodata, String windowMetadata) {
        return new TiffImage(isMask() ? Tiff.SUBFILE_MASK : 0, w, h, tileWidth, tileHeight, samplesPerPixel, bitsPerSample,
                sampleFormat, compression, predictor, planarConfig, photometric, jpegTables, windowGeo, windowNodata,
                windowMetadata, extra);
    }

    /**
     * Checks what must hold for the image to be written as a TIFF directory; {@code where} names it in the
     * message. Guards slices, which are untrusted input, against sizes that would make no sense or no file.
     */
    void check(String where) {
        // a slice naming e.g. TileOffsets among its extra tags would write a second, conflicting directory entry
        require(extra != null && extra.stream().allMatch(t -> Tiff.isPassThrough(t.tag())), where,
                "extra tags (only the decoding tags listed in docs/formats/cog.md are copied)");
        require(width >= 1 && width <= 0xffffffffL && height >= 1 && height <= 0xffffffffL, where, "image size "
                + width + " x " + height);
        require(tileWidth >= 1 && tileHeight >= 1, where, "tile size " + tileWidth + " x " + tileHeight);
        require(samplesPerPixel >= 1 && samplesPerPixel <= 0xffff, where, "samples per pixel " + samplesPerPixel);
        require(bitsPerSample != null && bitsPerSample.length == samplesPerPixel, where, "bits per sample for "
                + samplesPerPixel + " samples");
        require(sampleFormat == null || sampleFormat.length == samplesPerPixel, where, "sample format for "
                + samplesPerPixel + " samples");
        require(planarConfig == Tiff.PLANAR_CONTIG || planarConfig == Tiff.PLANAR_SEPARATE, where, "planar configuration "
                + planarConfig);
        require(Tiff.COMPRESSIONS.containsKey(compression), where, "compression " + compression);
        long across = tilesAcross();
        long down = tilesDown();
        require(across <= MAX_TILES && down <= MAX_TILES && across * down <= MAX_TILES / planes(), where,
                "tile count: " + across + " x " + down + " tiles in " + planes() + " plane(s) (at most " + MAX_TILES + ")");
    }

    private static void require(boolean ok, String where, String what) {
        if (!ok) {
            throw new IllegalArgumentException(where + ": bad " + what);
        }
    }

    static long ceilDiv(long a, long b) {
        return Math.ceilDiv(a, b);
    }
}
