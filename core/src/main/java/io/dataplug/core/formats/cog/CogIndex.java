package io.dataplug.core.formats.cog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.dataplug.core.format.AttributeCombine;
import io.dataplug.core.util.OptionalField;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The index of one tiled TIFF ({@code index.json}; see docs/formats/cog.md). Its tile tables are in the side
 * file {@link TileTable#FILE}.
 *
 * @param byteOrder {@code II} (little-endian) or {@code MM} (big-endian)
 * @param ifds the IFDs used: the full-resolution image, its overviews and masks, in file order
 * @param levels level 0 is the full-resolution image, level k its k-th largest overview
 * @param epsg EPSG code of the CRS the GeoKeys name, 0 when they name none
 * @param bounds min x, min y, max x, max y of the full-resolution image in its CRS, or null without an affine
 *     georeferencing
 * @param tiles entries in the tile table
 * @param bytesRead bytes of the object that preprocessing read (header and IFDs only)
 * @param requests ranged reads preprocessing made
 */
record CogIndex(int version, long size, String byteOrder, boolean bigTiff, List<Ifd> ifds, List<Level> levels,
                int epsg, @OptionalField double[] bounds, long tiles, long bytesRead, int requests) {

    static final int VERSION = 1;

    /** One IFD: its position in the file's IFD chain, the image it holds, and its first tile table entry. */
    record Ifd(int number, long offset, TiffImage image, long firstTile) {
    }

    /** A resolution level: the IFD of its image and that of its transparency mask (-1 when it has none). */
    record Level(int image, int mask) {
    }

    @JsonIgnore
    ByteOrder order() {
        return "MM".equals(byteOrder) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    TiffImage full() {
        return ifds.get(levels.get(0).image()).image();
    }

    TiffImage level(int level) {
        return ifds.get(levels.get(level).image()).image();
    }

    /** Attributes that add up over a dataset's objects; the bounds take extremes; every other one describes an image. */
    private static final Set<String> COUNTS = Set.of("tiles", "preprocessBytesRead");
    private static final List<String> BOUNDS = List.of("minX", "minY", "maxX", "maxY");

    /**
     * The dataset's attributes from its objects': tile and byte counts summed; width, height, bands, data type,
     * tile size, overview count and EPSG code kept when every image has the same; bounds the union of the
     * images', kept only when all are in one CRS the GeoKeys name (or there is one image).
     */
    static Map<String, Long> datasetAttributes(List<Map<String, Long>> objects) {
        Map<String, Long> a = AttributeCombine.combine(objects, k -> COUNTS.contains(k) ? AttributeCombine.SUM
                : BOUNDS.contains(k) ? AttributeCombine.byName(k) : AttributeCombine.SAME);
        if (objects.size() > 1 && !a.containsKey("epsg")) {
            BOUNDS.forEach(a::remove); // a union of bounds in different (or unnamed) CRSs means nothing
        }
        if (!BOUNDS.stream().allMatch(a::containsKey)) {
            BOUNDS.forEach(a::remove); // some images have no affine georeferencing
        }
        return a;
    }

    /**
     * The object's attributes (numbers only, as dataset attributes are). Data type: {@code bitsPerSample} and
     * {@code sampleFormat} (1 unsigned integer, 2 signed integer, 3 floating point); bounds in the CRS, rounded
     * outwards to whole units ({@code index.json} has them exactly).
     */
    Map<String, Long> attributes() {
        TiffImage f = full();
        Map<String, Long> a = new TreeMap<>();
        a.put("width", f.width());
        a.put("height", f.height());
        a.put("bands", (long) f.samplesPerPixel());
        a.put("bitsPerSample", (long) f.bitsPerSample()[0]);
        a.put("sampleFormat", (long) (f.sampleFormat() == null ? 1 : f.sampleFormat()[0]));
        a.put("tileWidth", (long) f.tileWidth());
        a.put("tileHeight", (long) f.tileHeight());
        a.put("overviews", (long) levels.size() - 1);
        a.put("tiles", f.tileCount());
        a.put("preprocessBytesRead", bytesRead);
        if (epsg > 0) {
            a.put("epsg", (long) epsg);
        }
        if (bounds != null) {
            a.put("minX", (long) Math.floor(bounds[0]));
            a.put("minY", (long) Math.floor(bounds[1]));
            a.put("maxX", (long) Math.ceil(bounds[2]));
            a.put("maxY", (long) Math.ceil(bounds[3]));
        }
        return a;
    }
}
