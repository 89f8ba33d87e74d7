package io.dataplug.core.formats.cog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.Pipeline;
import io.dataplug.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.dataplug.core.testing.EmbeddedS3Extension;
import io.dataplug.core.testing.RequiresTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every slice of every partitioning of GeoTIFFs made by GDAL, checked by GDAL: for grid 1x1, 2x3, 7x5, more
 * slices than tiles and a pixel window, at every level, each slice file has the same pixels (checksum of every
 * band and of the mask), size, data type, nodata, metadata, geotransform and CRS as
 * {@code gdal_translate [-oo OVERVIEW_LEVEL=k-1] -srcwin x y w h} of the source, and tiles byte for byte those of the source;
 * the windows, found from each file's geotransform, cover the level exactly once, tile-aligned, row-major.
 * Each file is preprocessed, partitioned and evaluated both from local files and from the embedded S3 server;
 * the two give the same bytes for every slice.
 */
@RequiresTools({"gdal_translate", "gdalinfo", "gdaladdo"})
class CogInteropTest {

    @RegisterExtension
    static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

    @TempDir
    static Path local;

    static final List<Map<String, String>> PARTITIONINGS = List.of(
            Map.of("strategy", "grid", "rows", "1", "cols", "1"),
            Map.of("strategy", "grid", "rows", "2", "cols", "3"),
            Map.of("strategy", "grid", "rows", "7", "cols", "5"),
            Map.of("strategy", "grid", "rows", "50", "cols", "40"),
            Map.of("strategy", "window", "width", "300", "height", "200"),
            Map.of("strategy", "grid", "rows", "2", "cols", "2", "bigtiff", "yes"));

    /** All test files, or those named in the system property {@code cog.sources} (comma-separated), for development. */
    static List<GdalSources.Source> sources() {
        String only = System.getProperty("cog.sources");
        return only == null || only.isBlank() ? GdalSources.ALL : Arrays.stream(only.split(",")).map(GdalSources::named).toList();
    }

    /** One evaluated slice: which partitioning it belongs to, and its file. */
    private record Evaluated(int level, Map<String, String> partitioning, int index, int count, Path file) {
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void everySliceEqualsGdalTranslateSrcwin(GdalSources.Source source) throws IOException {
        Path tif = GdalSources.get(source, local);
        Path work = Files.createDirectories(local.resolve("interop-" + source.name()));
        byte[] data = Files.readAllBytes(tif);
        List<Evaluated> evaluated = new ArrayList<>();
        int levels;
        try (Pipeline p = Pipeline.local(local.resolve(source.name())); Pipeline q = Pipeline.s3(S3.server(), source.name() + "/")) {
            ObjectLocation loc = p.put(source.name() + ".tif", data);
            List<ObjectInfo> infos = p.preprocess(CogFormat.NAME, Map.of(), loc);
            List<ObjectInfo> s3Infos = q.preprocess(CogFormat.NAME, Map.of(), q.put(source.name() + ".tif", data));
            Map<String, Long> attrs = p.indexes(CogFormat.NAME, Map.of(), infos).get(0).attributes();
            JsonNode whole = Gdal.facts(work, List.of(Map.of("file", tif.toString()))).get(0);
            assertThat(attrs).containsEntry("width", whole.get("width").asLong()).containsEntry("height", whole.get("height").asLong())
                    .containsEntry("bands", whole.get("bands").asLong()).containsEntry("overviews", whole.get("overviews").asLong())
                    .containsEntry("epsg", 32631L).containsEntry("tileWidth", 128L).containsEntry("tileHeight", 128L);
            assertThat(attrs.get("preprocessBytesRead")).isPositive().isLessThan(data.length / 10);
            if (source.args().contains("COMPRESS=JPEG")) {
                CogIndex index = (CogIndex) p.indexes(CogFormat.NAME, Map.of(), infos).get(0).index();
                assertThat(index.full().photometric()).as("GDAL's JPEG COG of RGB is YCbCr").isEqualTo(6);
            }
            levels = whole.get("overviews").asInt() + 1;
            assertThat(levels).as("the test files have overviews").isGreaterThan(1);
            Set<String> seen = new HashSet<>();
            for (int level = 0; level < levels; level++) {
                for (int k = 0; k < PARTITIONINGS.size(); k++) {
                    if (source.geoOnly() && k != 1) {
                        continue; // georeferencing variants: grid 2x3 at every level is enough
                    }
                    Map<String, String> params = new HashMap<>(PARTITIONINGS.get(k));
                    String strategy = params.remove("strategy");
                    params.put("level", String.valueOf(level));
                    List<Slice> slices = p.partition(CogFormat.NAME, Map.of(), infos, strategy, params);
                    List<Slice> s3Slices = q.partition(CogFormat.NAME, Map.of(), s3Infos, strategy, params);
                    assertThat(s3Slices).hasSameSizeAs(slices);
                    if (!seen.add(level + Json.string(slices.stream().map(Slice::parts).toList()))) {
                        continue; // the same slices as an earlier partitioning of this level (e.g. 7x5 and 50x40 on 4x4 tiles)
                    }
                    for (Slice s : slices) {
                        Path f = work.resolve("level" + level + "-p" + k + "-" + s.index() + ".tif");
                        byte[] file = p.evaluate(s);
                        assertThat(q.evaluate(s3Slices.get(s.index()))).as(f + " from S3").isEqualTo(file);
                        assertThat(Arrays.copyOf(file, 4)).as(f + ": byte order of the source, BigTIFF only when asked")
                                .containsExactly(data[0], data[1], data[0] == 'I' ? (byte) (params.containsKey("bigtiff") ? 43 : 42) : 0,
                                        data[0] == 'I' ? 0 : (byte) (params.containsKey("bigtiff") ? 43 : 42));
                        Files.write(f, file);
                        evaluated.add(new Evaluated(level, PARTITIONINGS.get(k), s.index(), slices.size(), f));
                    }
                }
            }
        }
        check(tif, work, data, levels, evaluated);
    }

    /** The acceptance check in its literal form, with the command-line tools, on a band-interleaved file with overviews. */
    @Test
    void gdalinfoChecksumEqualsThatOfGdalTranslateSrcwin() throws IOException {
        GdalSources.Source source = GdalSources.named("band-interleaved");
        Path tif = GdalSources.get(source, local);
        Path work = Files.createDirectories(local.resolve("gdalinfo-" + source.name()));
        try (Pipeline p = Pipeline.local(local.resolve("gdalinfo"))) {
            List<ObjectInfo> infos = p.preprocess(CogFormat.NAME, Map.of(), p.put("in.tif", Files.readAllBytes(tif)));
            for (int level = 0; level < 2; level++) {
                JsonNode whole = gdalinfo(work, level == 0 ? List.of(tif.toString())
                        : List.of("-oo", "OVERVIEW_LEVEL=" + (level - 1), tif.toString()));
                List<Slice> slices = p.partition(CogFormat.NAME, Map.of(), infos, "grid",
                        Map.of("rows", "2", "cols", "3", "level", String.valueOf(level)));
                assertThat(slices).hasSize(6);
                for (Slice s : slices) {
                    Path f = work.resolve("level" + level + "-" + s.index() + ".tif");
                    Files.write(f, p.evaluate(s));
                    JsonNode ours = gdalinfo(work, List.of(f.toString()));
                    long x = Math.round((ours.get("geoTransform").get(0).asDouble() - whole.get("geoTransform").get(0).asDouble())
                            / whole.get("geoTransform").get(1).asDouble());
                    long y = Math.round((ours.get("geoTransform").get(3).asDouble() - whole.get("geoTransform").get(3).asDouble())
                            / whole.get("geoTransform").get(5).asDouble());
                    Path ref = work.resolve("ref-" + f.getFileName());
                    List<String> translate = new ArrayList<>(List.of("gdal_translate", "-q"));
                    if (level > 0) { // the overview as a dataset of its own (-ovr would take the window in full-resolution pixels)
                        translate.addAll(List.of("-oo", "OVERVIEW_LEVEL=" + (level - 1)));
                    }
                    translate.addAll(List.of("-srcwin", String.valueOf(x), String.valueOf(y), ours.get("size").get(0).asText(),
                            ours.get("size").get(1).asText(), tif.toString(), ref.toString()));
                    Gdal.run(work, translate.toArray(String[]::new));
                    JsonNode expected = gdalinfo(work, List.of(ref.toString()));
                    String what = "level " + level + " slice " + s.index();
                    assertThat(checksums(ours)).as(what).isEqualTo(checksums(expected)).hasSize(3);
                    assertThat(ours.get("size")).as(what).isEqualTo(expected.get("size"));
                    assertThat(ours.get("coordinateSystem")).as(what).isEqualTo(expected.get("coordinateSystem"));
                    for (int k = 0; k < 6; k++) {
                        assertThat(ours.get("geoTransform").get(k).asDouble()).as(what)
                                .isCloseTo(expected.get("geoTransform").get(k).asDouble(), within(1e-6));
                    }
                }
            }
        }
    }

    private static JsonNode gdalinfo(Path work, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("gdalinfo", "-json", "-checksum"));
        cmd.addAll(args);
        return Json.read(Gdal.run(work, cmd.toArray(String[]::new)), JsonNode.class);
    }

    private static List<Long> checksums(JsonNode info) {
        List<Long> out = new ArrayList<>();
        info.get("bands").forEach(b -> out.add(b.get("checksum").asLong()));
        return out;
    }

    private static void check(Path tif, Path work, byte[] source, int levels, List<Evaluated> evaluated) throws IOException {
        List<Map<String, Object>> requests = new ArrayList<>();
        for (int level = 0; level < levels; level++) {
            requests.add(Map.of("file", tif.toString(), "overview", level - 1));
        }
        for (Evaluated e : evaluated) {
            requests.add(Map.of("file", e.file().toString(), "tiles", true));
        }
        List<JsonNode> facts = Gdal.facts(work, requests);
        List<JsonNode> levelFacts = facts.subList(0, levels);
        List<JsonNode> ours = facts.subList(levels, facts.size());
        // the windows, from each file's geotransform against its level's
        List<long[]> windows = new ArrayList<>();
        List<Map<String, Object>> refRequests = new ArrayList<>();
        for (int i = 0; i < evaluated.size(); i++) {
            JsonNode lf = levelFacts.get(evaluated.get(i).level());
            long[] w = window(lf, ours.get(i), evaluated.get(i));
            windows.add(w);
            refRequests.add(Map.of("file", tif.toString(), "overview", evaluated.get(i).level() - 1, "tiles", true,
                    "srcwin", List.of(w[0], w[1], w[2], w[3])));
        }
        checkTiling(levelFacts, evaluated, windows);
        List<JsonNode> refs = Gdal.facts(work, refRequests);
        for (int i = 0; i < evaluated.size(); i++) {
            Evaluated e = evaluated.get(i);
            JsonNode o = ours.get(i);
            JsonNode r = refs.get(i);
            String what = e + " window " + Arrays.toString(windows.get(i));
            for (String field : List.of("width", "height", "bands", "type", "checksums", "maskFlags", "maskChecksum", "nodata",
                    "crs", "metadata")) {
                assertThat(o.get(field)).as(what + ": " + field).isEqualTo(r.get(field));
            }
            assertThat(o.get("block")).as(what + ": tile size").isEqualTo(levelFacts.get(e.level()).get("block"));
            for (int k = 0; k < 6; k++) {
                double expected = r.get("geotransform").get(k).asDouble();
                assertThat(o.get("geotransform").get(k).asDouble()).as(what + ": geotransform[" + k + "]")
                        .isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
            }
            JsonNode level = levelFacts.get(e.level()).get("structure");
            assertThat(o.get("structure").get("COMPRESSION")).as(what).isEqualTo(level.get("COMPRESSION"));
            assertThat(o.get("structure").get("INTERLEAVE")).as(what).isEqualTo(level.get("INTERLEAVE"));
            checkTilesCopied(source, Files.readAllBytes(e.file()), o.get("tiles"), r.get("tiles"), what);
        }
    }

    /** The window of a slice file in its level's pixels, from the geotransforms; must be whole pixels. */
    private static long[] window(JsonNode level, JsonNode file, Evaluated e) {
        JsonNode lg = level.get("geotransform");
        JsonNode fg = file.get("geotransform");
        assertThat(fg).as(e + " has a geotransform").hasSize(6);
        // solve origin(file) = origin(level) + x * (g1, g4) + y * (g2, g5)
        double dx = fg.get(0).asDouble() - lg.get(0).asDouble();
        double dy = fg.get(3).asDouble() - lg.get(3).asDouble();
        double a = lg.get(1).asDouble();
        double b = lg.get(2).asDouble();
        double c = lg.get(4).asDouble();
        double d = lg.get(5).asDouble();
        double det = a * d - b * c;
        double x = (dx * d - b * dy) / det;
        double y = (a * dy - c * dx) / det;
        assertThat(x).as(e + " x offset").isCloseTo(Math.rint(x), within(1e-6));
        assertThat(y).as(e + " y offset").isCloseTo(Math.rint(y), within(1e-6));
        return new long[] {Math.round(x), Math.round(y), file.get("width").asLong(), file.get("height").asLong()};
    }

    /** Per partitioning: tile-aligned windows in row-major order that cover every pixel of the level exactly once. */
    private static void checkTiling(List<JsonNode> levelFacts, List<Evaluated> evaluated, List<long[]> windows) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < evaluated.size(); i++) {
            groups.computeIfAbsent(evaluated.get(i).level() + " " + evaluated.get(i).partitioning(), k -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
            Evaluated first = evaluated.get(g.getValue().get(0));
            JsonNode lf = levelFacts.get(first.level());
            int width = lf.get("width").asInt();
            int height = lf.get("height").asInt();
            int tw = lf.get("block").get(0).asInt();
            int th = lf.get("block").get(1).asInt();
            byte[] covered = new byte[width * height];
            long[] previous = null;
            for (int i : g.getValue()) {
                long[] w = windows.get(i);
                String what = g.getKey() + " slice " + evaluated.get(i).index() + " " + Arrays.toString(w);
                assertThat(w[0] % tw).as(what + " x tile-aligned").isZero();
                assertThat(w[1] % th).as(what + " y tile-aligned").isZero();
                assertThat(w[0] + w[2] == width || w[2] % tw == 0).as(what + " whole tiles").isTrue();
                assertThat(w[1] + w[3] == height || w[3] % th == 0).as(what + " whole tiles").isTrue();
                if (previous != null) {
                    assertThat(w[1] > previous[1] || w[1] == previous[1] && w[0] > previous[0]).as(what + " row-major").isTrue();
                }
                previous = w;
                for (long y = w[1]; y < w[1] + w[3]; y++) {
                    for (long x = w[0]; x < w[0] + w[2]; x++) {
                        if (x >= width || y >= height || covered[(int) (y * width + x)]++ != 0) {
                            throw new AssertionError(what + ": pixel " + x + "," + y + " is outside the level or in two slices");
                        }
                    }
                }
            }
            for (int k = 0; k < covered.length; k++) {
                if (covered[k] != 1) {
                    throw new AssertionError(g.getKey() + ": pixel " + k % width + "," + k / width + " is in no slice");
                }
            }
            Map<String, String> part = first.partitioning();
            if (part.get("strategy").equals("grid")) {
                long across = (width + tw - 1) / tw;
                long down = (height + th - 1) / th;
                assertThat(first.count()).as(g.getKey() + " slice count")
                        .isEqualTo((int) (Math.min(Long.parseLong(part.get("rows")), down) * Math.min(Long.parseLong(part.get("cols")), across)));
            }
        }
    }

    /** The compressed bytes of every tile of the slice file are those of the same tile of the source. */
    private static void checkTilesCopied(byte[] source, byte[] slice, JsonNode ours, JsonNode ref, String what) {
        assertThat(ours.size()).as(what + ": tiles").isEqualTo(ref.size());
        for (int t = 0; t < ours.size(); t++) {
            int so = ours.get(t).get(0).asInt();
            int ss = ours.get(t).get(1).asInt();
            long ro = ref.get(t).get(0).asLong();
            int rs = ref.get(t).get(1).asInt();
            assertThat(ss).as(what + ": size of tile " + t).isEqualTo(rs);
            assertThat(Arrays.equals(slice, so, so + ss, source, (int) ro, (int) ro + rs)).as(what + ": bytes of tile " + t).isTrue();
        }
    }
}
