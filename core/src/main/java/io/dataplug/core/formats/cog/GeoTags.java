package io.dataplug.core.formats.cog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.dataplug.core.util.OptionalField;

/**
 * The GeoTIFF georeferencing of an image, as stored in its tags (absent ones are null).
 *
 * <p>Raster space follows the file's raster type: with PixelIsArea (the default) raster coordinate
 * {@code (0, 0)} is the outer corner of the first pixel, with PixelIsPoint its centre. Windows and overview
 * levels are mapped the way GDAL does it: an overview's pixel is {@code width0 / widthK} full-resolution pixels
 * wide, so a window's georeferencing equals that of {@code gdal_translate -oo OVERVIEW_LEVEL=k-1 -srcwin x y w h}.
 *
 * @param pixelScale ModelPixelScaleTag (Sx, Sy, Sz)
 * @param tiepoints ModelTiepointTag, six values (I, J, K, X, Y, Z) per tiepoint
 * @param transformation ModelTransformationTag, a 4x4 matrix in row-major order
 * @param keys GeoKeyDirectoryTag
 * @param doubles GeoDoubleParamsTag
 * @param ascii GeoAsciiParamsTag without its terminating NUL
 */
record GeoTags(@OptionalField double[] pixelScale, @OptionalField double[] tiepoints, @OptionalField double[] transformation,
               @OptionalField int[] keys, @OptionalField double[] doubles, @OptionalField String ascii) {

    static final int RASTER_TYPE_KEY = 1025;
    static final int PIXEL_IS_POINT = 2;
    static final int GEOGRAPHIC_TYPE_KEY = 2048;
    static final int PROJECTED_TYPE_KEY = 3072;
    static final int USER_DEFINED = 32767;

    static final GeoTags NONE = new GeoTags(null, null, null, null, null, null);

    @JsonIgnore
    boolean isEmpty() {
        return pixelScale == null && tiepoints == null && transformation == null && keys == null && doubles == null
                && ascii == null;
    }

    /** The value of a GeoKey stored in the directory itself (location 0), or -1. */
    int key(int id) {
        if (keys == null || keys.length < 4) {
            return -1;
        }
        int n = keys[3];
        for (int i = 0; i < n && 4 + i * 4 + 3 < keys.length; i++) {
            int at = 4 + i * 4;
            if (keys[at] == id && keys[at + 1] == 0) {
                return keys[at + 3];
            }
        }
        return -1;
    }

    /** The EPSG code of the projected or geographic CRS, or 0 when the keys give none (or a user-defined CRS). */
    int epsg() {
        for (int id : new int[] {PROJECTED_TYPE_KEY, GEOGRAPHIC_TYPE_KEY}) {
            int v = key(id);
            if (v > 0 && v != USER_DEFINED) {
                return v;
            }
        }
        return 0;
    }

    private boolean pixelIsPoint() {
        return key(RASTER_TYPE_KEY) == PIXEL_IS_POINT;
    }

    /** Whether the image has an affine georeferencing (a transformation, or one tiepoint and a pixel scale). */
    @JsonIgnore
    boolean isAffine() {
        return transformation != null && transformation.length >= 16
                || pixelScale != null && pixelScale.length >= 2 && tiepoints != null && tiepoints.length == 6;
    }

    /**
     * GDAL's geotransform (x0, dx, rx, y0, ry, dy: the map position of a pixel's outer corner) of full-resolution
     * pixel corner coordinates, or null when the georeferencing is not affine.
     */
    double[] geoTransform() {
        if (!isAffine()) {
            return null;
        }
        double shift = pixelIsPoint() ? -0.5 : 0; // raster coordinate of the first pixel's corner
        if (transformation != null && transformation.length >= 16) {
            double[] m = transformation;
            return new double[] {m[3] + shift * (m[0] + m[1]), m[0], m[1], m[7] + shift * (m[4] + m[5]), m[4], m[5]};
        }
        double[] t = tiepoints;
        return new double[] {t[3] + (shift - t[0]) * pixelScale[0], pixelScale[0], 0,
            t[4] - (shift - t[1]) * pixelScale[1], 0, -pixelScale[1]};
    }

    /** Bounds (min x, min y, max x, max y) in the CRS of a {@code width} x {@code height} image, or null. */
    double[] bounds(long width, long height) {
        double[] g = geoTransform();
        if (g == null) {
            return null;
        }
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (long[] c : new long[][] {{0, 0}, {width, 0}, {0, height}, {width, height}}) {
            double x = g[0] + c[0] * g[1] + c[1] * g[2];
            double y = g[3] + c[0] * g[4] + c[1] * g[5];
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
        }
        return new double[] {minX, minY, maxX, maxY};
    }

    /**
     * The georeferencing of a window: the pixel at {@code (x, y)} of a level whose pixels are {@code fx} by
     * {@code fy} full-resolution pixels becomes the window's first pixel, and the window's pixels are that size.
     */
    GeoTags window(long x, long y, double fx, double fy) {
        boolean point = pixelIsPoint();
        // full-resolution raster coordinate of the window's raster origin, in the file's raster type
        double ox = point ? (x + 0.5) * fx - 0.5 : x * fx;
        double oy = point ? (y + 0.5) * fy - 0.5 : y * fy;
        if (transformation != null && transformation.length >= 16) {
            double[] m = transformation.clone();
            for (int r = 0; r < 4; r++) {
                double a = transformation[r * 4];
                double b = transformation[r * 4 + 1];
                m[r * 4] = a * fx;
                m[r * 4 + 1] = b * fy;
                m[r * 4 + 3] = transformation[r * 4 + 3] + a * ox + b * oy;
            }
            return new GeoTags(pixelScale, tiepoints, m, keys, doubles, ascii);
        }
        if (isAffine()) {
            double[] t = tiepoints;
            double[] scale = pixelScale.clone();
            scale[0] *= fx;
            scale[1] *= fy;
            double[] tie = {0, 0, t[2], t[3] + (ox - t[0]) * pixelScale[0], t[4] - (oy - t[1]) * pixelScale[1], t[5]};
            return new GeoTags(scale, tie, null, keys, doubles, ascii);
        }
        if (tiepoints != null && tiepoints.length >= 6) { // ground control points: move them into the window
            double[] tie = tiepoints.clone();
            for (int i = 0; i + 5 < tie.length; i += 6) {
                tie[i] = (tie[i] - ox) / fx;
                tie[i + 1] = (tie[i + 1] - oy) / fy;
            }
            return new GeoTags(pixelScale, tie, transformation, keys, doubles, ascii);
        }
        return this;
    }
}
