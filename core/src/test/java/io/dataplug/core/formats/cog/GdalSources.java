package io.dataplug.core.formats.cog;

import io.dataplug.core.formats.cog.Gdal.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The GeoTIFFs of the interop tests, made by GDAL from synthetic rasters once per JVM. All are 1000 x 900 pixels
 * in 128-pixel tiles, so the last tile column is 104 pixels wide and the last tile row 4 pixels tall.
 */
final class GdalSources {

    static final int WIDTH = 1000;
    static final int HEIGHT = 900;

    /**
     * A test file: a name, the synthetic raster and the gdal_translate arguments (after the input) that make it.
     * {@code geoOnly} files test georeferencing variants: they are checked with fewer partitionings.
     */
    record Source(String name, Type type, int bands, Double nodata, boolean alpha, boolean preOverviews, List<String> args,
                  String geoTransform, boolean geoOnly) {
        Source(String name, Type type, int bands, Double nodata, boolean alpha, boolean preOverviews, List<String> args) {
            this(name, type, bands, nodata, alpha, preOverviews, args, null, false);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<String> COG = List.of("-of", "COG", "-co", "BLOCKSIZE=128");
    private static final List<String> TILED = List.of("-of", "GTiff", "-co", "TILED=YES", "-co", "BLOCKXSIZE=128",
            "-co", "BLOCKYSIZE=128", "-co", "COPY_SRC_OVERVIEWS=YES");

    static final List<Source> ALL = List.of(
            new Source("deflate-rgb", Type.BYTE, 3, null, false, false, with(COG, "-co", "COMPRESS=DEFLATE")),
            new Source("lzw-predictor-uint16", Type.UINT16, 1, null, false, false,
                    with(COG, "-co", "COMPRESS=LZW", "-co", "PREDICTOR=2")),
            new Source("zstd-float32-nodata", Type.FLOAT32, 1, -9999.0, false, false,
                    with(COG, "-co", "COMPRESS=ZSTD", "-co", "PREDICTOR=3", "-co", "SPARSE_OK=TRUE")),
            new Source("jpeg-ycbcr", Type.BYTE, 3, null, false, false, with(COG, "-co", "COMPRESS=JPEG")),
            new Source("none-uint16", Type.UINT16, 2, null, false, false, with(COG, "-co", "COMPRESS=NONE")),
            new Source("band-interleaved", Type.BYTE, 3, null, false, true,
                    with(TILED, "-co", "INTERLEAVE=BAND", "-co", "COMPRESS=DEFLATE")),
            new Source("bigtiff", Type.UINT16, 1, null, false, false, with(COG, "-co", "COMPRESS=DEFLATE", "-co", "BIGTIFF=YES")),
            new Source("big-endian", Type.FLOAT32, 1, -1.0, false, true, with(TILED, "-co", "ENDIANNESS=BIG")),
            new Source("mask", Type.BYTE, 3, null, true, false,
                    with(COG, "-co", "COMPRESS=DEFLATE", "-b", "1", "-b", "2", "-b", "3", "-mask", "4")),
            new Source("pixel-is-point", Type.UINT16, 1, null, false, false,
                    with(COG, "-co", "COMPRESS=LZW", "-mo", "AREA_OR_POINT=Point"), null, true),
            new Source("rotated", Type.BYTE, 1, null, false, false, with(COG, "-co", "COMPRESS=DEFLATE"),
                    "500000, 10, 2.5, 4600000, 1.5, -10", true));

    private static final Map<Path, Path> MADE = new HashMap<>();

    private GdalSources() {
    }

    private static List<String> with(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }

    static Source named(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * The file in {@code dir}, made on first use: gdal_translate from the synthetic raster (with gdaladdo
     * overviews first for GTiff).
     */
    static synchronized Path get(Source s, Path dir) {
        Gdal.require();
        Path made = MADE.get(dir.resolve(s.name()));
        if (made != null) {
            return made;
        }
        Path d = dir;
        Path input = Gdal.synthetic(d, s.name(), WIDTH, HEIGHT, s.bands(), s.type(), s.nodata(), s.alpha(), s.geoTransform());
        if (s.preOverviews()) { // the GTiff driver copies overviews only from a source that has them
            Path withOverviews = d.resolve(s.name() + "-ovr.tif");
            Gdal.run(d, "gdal_translate", "-q", "-of", "GTiff", input.toString(), withOverviews.toString());
            Gdal.run(d, "gdaladdo", "-q", "-r", "average", withOverviews.toString(), "2", "4", "8");
            input = withOverviews;
        }
        Path out = d.resolve(s.name() + ".tif");
        List<String> cmd = new ArrayList<>(List.of("gdal_translate", "-q"));
        cmd.addAll(s.args());
        cmd.add(input.toString());
        cmd.add(out.toString());
        Gdal.run(d, cmd.toArray(String[]::new));
        MADE.put(dir.resolve(s.name()), out);
        return out;
    }
}
