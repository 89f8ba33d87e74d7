package io.dataplug.core.formats.cog;

import io.dataplug.core.format.DataFormatException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns one raw IFD into a {@link TiffImage} and its tile table, refusing what a slice could not copy exactly:
 * stripped images, unknown compressions, tile tables that do not match the image, tiles past the end of the object.
 */
final class IfdDecoder {

    static final String STRIPPED_HINT = "only tiled TIFFs can be sliced without re-encoding; convert it with "
            + "'gdal_translate -of COG in.tif out.tif'";

    /** An image and where its tiles are. */
    record Decoded(TiffImage image, TileTable.Tiles tiles) {
    }

    private final String uri;
    private final long objectSize;
    private final ByteOrder order;

    IfdDecoder(String uri, long objectSize, ByteOrder order) {
        this.uri = uri;
        this.objectSize = objectSize;
        this.order = order;
    }

    Decoded decode(IfdReader.RawIfd ifd, int number) {
        String what = "IFD " + number;
        if (ifd.get(Tiff.TILE_OFFSETS) == null || ifd.get(Tiff.TILE_WIDTH) == null || ifd.get(Tiff.TILE_LENGTH) == null) {
            throw new DataFormatException(uri, ifd.offset(), 0, what + (ifd.get(Tiff.STRIP_OFFSETS) != null
                    ? " is stored in strips, not tiles" : " has no tiles (no TileOffsets/TileWidth/TileLength)"), STRIPPED_HINT);
        }
        long width = required(ifd, Tiff.IMAGE_WIDTH, what);
        long height = required(ifd, Tiff.IMAGE_LENGTH, what);
        int compression = (int) optional(ifd, Tiff.COMPRESSION, 1);
        if (!Tiff.COMPRESSIONS.containsKey(compression)) {
            throw new DataFormatException(uri, ifd.offset(), 0, what + " uses " + (compression == 6
                    ? "old-style JPEG compression (6), whose tiles do not decode on their own"
                    : "unknown compression " + compression) + " (supported: " + supported() + ")",
                    "re-encode it, e.g. 'gdal_translate -of COG -co COMPRESS=DEFLATE in.tif out.tif'");
        }
        int spp = (int) optional(ifd, Tiff.SAMPLES_PER_PIXEL, 1);
        int planar = (int) optional(ifd, Tiff.PLANAR_CONFIG, Tiff.PLANAR_CONTIG);
        int[] bits = perSample(ifd, Tiff.BITS_PER_SAMPLE, spp, 1);
        int[] format = ifd.get(Tiff.SAMPLE_FORMAT) == null ? null : perSample(ifd, Tiff.SAMPLE_FORMAT, spp, 1);
        TiffTag tables = ifd.get(Tiff.JPEG_TABLES);
        List<TiffTag> extra = new ArrayList<>();
        for (int tag : Tiff.PASS_THROUGH) {
            if (ifd.get(tag) != null) {
                extra.add(ifd.get(tag));
            }
        }
        TiffImage image = new TiffImage((int) optional(ifd, Tiff.NEW_SUBFILE_TYPE, 0), width, height,
                (int) positive(ifd, Tiff.TILE_WIDTH, what), (int) positive(ifd, Tiff.TILE_LENGTH, what), spp, bits, format,
                compression, (int) optional(ifd, Tiff.PREDICTOR, 1), planar, (int) optional(ifd, Tiff.PHOTOMETRIC, -1),
                tables == null ? null : tables.value(), geo(ifd), ascii(ifd, Tiff.GDAL_NODATA), ascii(ifd, Tiff.GDAL_METADATA),
                extra);
        try {
            image.check(what);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(uri, ifd.offset(), 0, e.getMessage(), "the file is corrupt or not a supported TIFF");
        }
        long[] offsets = ifd.get(Tiff.TILE_OFFSETS).longs(order);
        TiffTag countsTag = ifd.get(Tiff.TILE_BYTE_COUNTS);
        if (countsTag == null) {
            throw new DataFormatException(uri, ifd.offset(), 0, what + " has TileOffsets but no TileByteCounts", null);
        }
        long[] lengths = countsTag.longs(order);
        if (offsets.length != image.tileCount() || lengths.length != image.tileCount()) {
            throw new DataFormatException(uri, ifd.offset(), 0, what + " lists " + offsets.length + " tile offsets and "
                    + lengths.length + " byte counts for " + image.tileCount() + " tiles", "the file is corrupt");
        }
        for (int t = 0; t < offsets.length; t++) {
            if (lengths[t] == 0) {
                offsets[t] = 0; // sparse tile: readers fill it with nodata (or 0)
            } else if (offsets[t] < 0 || lengths[t] < 0 || offsets[t] > objectSize || lengths[t] > objectSize - offsets[t]) {
                throw new DataFormatException(uri, offsets[t], 0, what + ": tile " + t + " (" + lengths[t]
                        + " bytes at byte " + offsets[t] + ") runs past the end of the object (" + objectSize + " bytes)",
                        "the file is truncated or corrupt");
            }
        }
        return new Decoded(image, new TileTable.Tiles(offsets, lengths));
    }

    private GeoTags geo(IfdReader.RawIfd ifd) {
        GeoTags g = new GeoTags(doubles(ifd, Tiff.MODEL_PIXEL_SCALE), doubles(ifd, Tiff.MODEL_TIEPOINT),
                doubles(ifd, Tiff.MODEL_TRANSFORMATION),
                ifd.get(Tiff.GEO_KEY_DIRECTORY) == null ? null : ifd.get(Tiff.GEO_KEY_DIRECTORY).ints(order, 0xffff),
                doubles(ifd, Tiff.GEO_DOUBLE_PARAMS), ascii(ifd, Tiff.GEO_ASCII_PARAMS));
        return g.isEmpty() ? null : g;
    }

    private double[] doubles(IfdReader.RawIfd ifd, int tag) {
        TiffTag t = ifd.get(tag);
        return t == null ? null : t.doubles(order);
    }

    private static String ascii(IfdReader.RawIfd ifd, int tag) {
        TiffTag t = ifd.get(tag);
        return t == null ? null : t.ascii();
    }

    private int[] perSample(IfdReader.RawIfd ifd, int tag, int spp, int absent) {
        TiffTag t = ifd.get(tag);
        int[] v = t == null ? new int[] {absent} : t.ints(order, 0xffff);
        if (v.length == spp) {
            return v;
        }
        if (v.length == 1 || v.length > spp) { // one value for all samples, or extra values: as libtiff reads them
            int[] all = new int[spp];
            Arrays.fill(all, v[0]);
            return v.length == 1 ? all : Arrays.copyOf(v, spp);
        }
        throw new DataFormatException(uri, ifd.offset(), 0, "tag " + tag + " has " + v.length + " values for " + spp
                + " samples", "the file is corrupt");
    }

    private long required(IfdReader.RawIfd ifd, int tag, String what) {
        TiffTag t = ifd.get(tag);
        if (t == null || t.count() == 0) {
            throw new DataFormatException(uri, ifd.offset(), 0, what + " lacks required tag " + tag, "the file is corrupt");
        }
        return positive(ifd, tag, what);
    }

    private long positive(IfdReader.RawIfd ifd, int tag, String what) {
        long v = optional(ifd, tag, 0);
        if (v <= 0) {
            throw new DataFormatException(uri, ifd.offset(), 0, what + ": tag " + tag + " must be positive, is " + v,
                    "the file is corrupt");
        }
        return v;
    }

    private long optional(IfdReader.RawIfd ifd, int tag, long absent) {
        TiffTag t = ifd.get(tag);
        if (t == null || t.count() == 0) {
            return absent;
        }
        try {
            return t.first(order);
        } catch (IllegalStateException e) {
            throw new DataFormatException(uri, ifd.offset(), 0, "tag " + tag + ": " + e.getMessage(), "the file is corrupt");
        }
    }

    private static String supported() {
        return Tiff.COMPRESSIONS.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> e.getValue() + " (" + e.getKey() + ")").reduce((a, b) -> a + ", " + b).orElse("");
    }
}
