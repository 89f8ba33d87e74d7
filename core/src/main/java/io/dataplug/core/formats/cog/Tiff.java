package io.dataplug.core.formats.cog;

import java.util.Map;

/** TIFF, BigTIFF and GeoTIFF numbers this format reads and writes (TIFF 6.0, BigTIFF, GeoTIFF 1.1). */
final class Tiff {

    private Tiff() {
    }

    // field types
    static final int BYTE = 1;
    static final int ASCII = 2;
    static final int SHORT = 3;
    static final int LONG = 4;
    static final int RATIONAL = 5;
    static final int SBYTE = 6;
    static final int UNDEFINED = 7;
    static final int SSHORT = 8;
    static final int SLONG = 9;
    static final int SRATIONAL = 10;
    static final int FLOAT = 11;
    static final int DOUBLE = 12;
    static final int IFD = 13;
    static final int LONG8 = 16;
    static final int SLONG8 = 17;
    static final int IFD8 = 18;

    // baseline and extension tags
    static final int NEW_SUBFILE_TYPE = 254;
    static final int IMAGE_WIDTH = 256;
    static final int IMAGE_LENGTH = 257;
    static final int BITS_PER_SAMPLE = 258;
    static final int COMPRESSION = 259;
    static final int PHOTOMETRIC = 262;
    static final int STRIP_OFFSETS = 273;
    static final int SAMPLES_PER_PIXEL = 277;
    static final int PLANAR_CONFIG = 284;
    static final int PREDICTOR = 317;
    static final int COLOR_MAP = 320;
    static final int TILE_WIDTH = 322;
    static final int TILE_LENGTH = 323;
    static final int TILE_OFFSETS = 324;
    static final int TILE_BYTE_COUNTS = 325;
    static final int EXTRA_SAMPLES = 338;
    static final int SAMPLE_FORMAT = 339;
    static final int SMIN_SAMPLE_VALUE = 340;
    static final int SMAX_SAMPLE_VALUE = 341;
    static final int JPEG_TABLES = 347;
    static final int YCBCR_SUBSAMPLING = 530;
    static final int YCBCR_POSITIONING = 531;
    static final int REFERENCE_BLACK_WHITE = 532;
    static final int LERC_PARAMETERS = 50674;

    // GeoTIFF and GDAL tags
    static final int MODEL_PIXEL_SCALE = 33550;
    static final int MODEL_TIEPOINT = 33922;
    static final int MODEL_TRANSFORMATION = 34264;
    static final int GEO_KEY_DIRECTORY = 34735;
    static final int GEO_DOUBLE_PARAMS = 34736;
    static final int GEO_ASCII_PARAMS = 34737;
    static final int GDAL_METADATA = 42112;
    static final int GDAL_NODATA = 42113;

    /** Tags copied verbatim into a slice (they describe how to decode samples, not where the data is). */
    static final int[] PASS_THROUGH = {COLOR_MAP, EXTRA_SAMPLES, SMIN_SAMPLE_VALUE, SMAX_SAMPLE_VALUE, YCBCR_SUBSAMPLING,
        YCBCR_POSITIONING, REFERENCE_BLACK_WHITE, LERC_PARAMETERS};

    static boolean isPassThrough(int tag) {
        for (int t : PASS_THROUGH) {
            if (t == tag) {
                return true;
            }
        }
        return false;
    }

    // NewSubfileType bits
    static final int SUBFILE_REDUCED = 1;
    static final int SUBFILE_MASK = 4;

    static final int PLANAR_CONTIG = 1;
    static final int PLANAR_SEPARATE = 2;

    /** Compressions whose tiles decode on their own (plus JPEGTables), so copying them verbatim is exact. */
    static final Map<Integer, String> COMPRESSIONS = Map.ofEntries(
            Map.entry(1, "none"), Map.entry(5, "LZW"), Map.entry(7, "JPEG"), Map.entry(8, "DEFLATE"),
            Map.entry(32946, "DEFLATE (old code)"), Map.entry(32773, "PackBits"), Map.entry(34712, "JPEG 2000"),
            Map.entry(34887, "LERC"), Map.entry(34925, "LZMA"), Map.entry(50000, "ZSTD"), Map.entry(50001, "WEBP"),
            Map.entry(50002, "JPEG XL"));

    /** Size in bytes of one value of a field type, or 0 for a type this reader does not know. */
    static int typeSize(int type) {
        return switch (type) {
            case BYTE, ASCII, SBYTE, UNDEFINED -> 1;
            case SHORT, SSHORT -> 2;
            case LONG, SLONG, FLOAT, IFD -> 4;
            case RATIONAL, SRATIONAL, DOUBLE, LONG8, SLONG8, IFD8 -> 8;
            default -> 0;
        };
    }

    /** Whether a field type holds 64-bit integers, which classic TIFF cannot store. */
    static boolean isWide(int type) {
        return type == LONG8 || type == SLONG8 || type == IFD8;
    }
}
