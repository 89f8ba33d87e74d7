package io.dataplug.core.formats.cog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataplug.core.index.DatasetAttributes;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.Pipeline;
import io.dataplug.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cog dataset's attributes against what {@code gdalinfo -json} says of each image: descriptions of an image
 * (width, bands, tile size, EPSG code...) are given only when every image has the same, never summed; bounds
 * are the union of the images' corners, given only when all images are in one EPSG CRS.
 */
class CogDatasetAttributesTest {

    private static final Pattern EPSG = Pattern.compile("ID\\[\"EPSG\",(\\d+)]]\\s*$");

    @TempDir
    static Path dir;
    private static Path big;
    private static Path small;
    private static Path otherCrs;

    @BeforeAll
    static void makeImages() {
        Gdal.require();
        List<String> cog = List.of("gdal_translate", "-q", "-of", "COG", "-co", "BLOCKSIZE=128", "-co", "COMPRESS=DEFLATE");
        big = translate(cog, Gdal.synthetic(dir, "big", 1000, 900, 1, Gdal.Type.BYTE, null, false, null), "big.tif");
        small = translate(cog, Gdal.synthetic(dir, "small", 300, 200, 1, Gdal.Type.BYTE, null, false,
                "480000, 20, 0, 4650000, 0, -20"), "small.tif");
        otherCrs = translate(with(cog, "-a_srs", "EPSG:32632"), Gdal.synthetic(dir, "other", 300, 200, 1, Gdal.Type.BYTE, null,
                false, null), "other.tif");
    }

    @Test
    void oneImageHasAllItsAttributesExactly() throws IOException {
        Map<String, Long> a = attributes("one", big);
        assertThat(a).containsAllEntriesOf(expected(List.of(big))).containsEntry("width", 1000L).containsKey("minX");
    }

    @Test
    void imagesInOneCrsKeepWhatTheyShareAndTheUnionOfTheirBounds() throws IOException {
        Map<String, Long> a = attributes("same-crs", big, small);
        assertThat(a).doesNotContainKeys("width", "height", "overviews").containsEntry("bands", 1L).containsEntry("epsg", 32631L)
                .containsEntry("objects", 2L).containsAllEntriesOf(expected(List.of(big, small)));
        assertThat(a.get("minX")).isEqualTo(480000L); // small.tif lies left of and above big.tif
        assertThat(a.get("maxY")).isEqualTo(4650000L);
    }

    @Test
    void imagesInDifferentCrssHaveNoEpsgAndNoBounds() throws IOException {
        Map<String, Long> a = attributes("two-crs", big, otherCrs);
        assertThat(a).doesNotContainKeys("epsg", "minX", "minY", "maxX", "maxY", "width").containsEntry("bands", 1L)
                .containsAllEntriesOf(expected(List.of(big, otherCrs)));
    }

    private Map<String, Long> attributes(String name, Path... images) throws IOException {
        try (Pipeline p = Pipeline.local(dir.resolve("dataset-" + name))) {
            List<ObjectLocation> locs = new ArrayList<>();
            for (Path im : images) {
                locs.add(p.put(im.getFileName().toString(), Files.readAllBytes(im)));
            }
            List<ObjectInfo> infos = p.preprocess(CogFormat.NAME, Map.of(), locs.toArray(ObjectLocation[]::new));
            Map<String, Long> a = DatasetAttributes.of(new CogFormat(), p.indexes(CogFormat.NAME, Map.of(), infos));
            long tiles = 0;
            for (Path im : images) {
                tiles += gdalinfo(im).get("tiles");
            }
            assertThat(a).containsEntry("tiles", tiles);
            return a;
        }
    }

    /** The attributes GDAL's facts give for a dataset of these images: shared values, and the bounds when in one EPSG CRS. */
    private static Map<String, Long> expected(List<Path> images) {
        List<Map<String, Long>> each = images.stream().map(CogDatasetAttributesTest::gdalinfo).toList();
        Map<String, Long> out = new TreeMap<>();
        for (String k : List.of("width", "height", "bands", "tileWidth", "tileHeight", "overviews", "epsg")) {
            if (each.stream().allMatch(m -> m.get(k) != null && m.get(k).equals(each.get(0).get(k)))) {
                out.put(k, each.get(0).get(k));
            }
        }
        if (out.containsKey("epsg")) {
            out.put("minX", each.stream().mapToLong(m -> m.get("minX")).min().orElseThrow());
            out.put("minY", each.stream().mapToLong(m -> m.get("minY")).min().orElseThrow());
            out.put("maxX", each.stream().mapToLong(m -> m.get("maxX")).max().orElseThrow());
            out.put("maxY", each.stream().mapToLong(m -> m.get("maxY")).max().orElseThrow());
        }
        return out;
    }

    /** One image as {@code gdalinfo -json} describes it, in the attributes' names. */
    private static Map<String, Long> gdalinfo(Path image) {
        JsonNode info = Json.read(Gdal.run(dir, "gdalinfo", "-json", image.toString()), JsonNode.class);
        JsonNode band = info.get("bands").get(0);
        Map<String, Long> m = new TreeMap<>();
        long w = info.get("size").get(0).asLong();
        long h = info.get("size").get(1).asLong();
        long bw = band.get("block").get(0).asLong();
        long bh = band.get("block").get(1).asLong();
        m.put("width", w);
        m.put("height", h);
        m.put("bands", (long) info.get("bands").size());
        m.put("tileWidth", bw);
        m.put("tileHeight", bh);
        m.put("overviews", (long) (band.has("overviews") ? band.get("overviews").size() : 0));
        m.put("tiles", Math.ceilDiv(w, bw) * Math.ceilDiv(h, bh));
        Matcher epsg = EPSG.matcher(info.get("coordinateSystem").get("wkt").asText());
        if (epsg.find()) {
            m.put("epsg", Long.parseLong(epsg.group(1)));
        }
        double[] x = new double[4];
        double[] y = new double[4];
        int i = 0;
        for (String corner : List.of("upperLeft", "lowerLeft", "upperRight", "lowerRight")) {
            x[i] = info.get("cornerCoordinates").get(corner).get(0).asDouble();
            y[i++] = info.get("cornerCoordinates").get(corner).get(1).asDouble();
        }
        m.put("minX", (long) Math.floor(min(x)));
        m.put("minY", (long) Math.floor(min(y)));
        m.put("maxX", (long) Math.ceil(max(x)));
        m.put("maxY", (long) Math.ceil(max(y)));
        return m;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElseThrow();
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElseThrow();
    }

    private static Path translate(List<String> command, Path input, String name) {
        List<String> cmd = new ArrayList<>(command);
        cmd.add(input.toString());
        cmd.add(dir.resolve(name).toString());
        Gdal.run(dir, cmd.toArray(String[]::new));
        return dir.resolve(name);
    }

    private static List<String> with(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }
}
