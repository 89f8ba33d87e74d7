package io.dataplug.core.formats.lidar;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.slice.Slice;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.Pipeline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Edge cases no fixture has, written by our own {@link TestLas}: every point format 0–10 with extra bytes,
 * LAS 1.0–1.4, 0 and 1 points, points exactly on cell boundaries and on the bounds' maximum, LAS 1.4 with a
 * legacy count of 0, EVLRs after the points. Slices are read back by laz-perf's dump script (LAS records
 * are read raw there, by code that is not ours).
 */
class LasEdgeCasesTest {

    @TempDir
    Path dir;

    Pipeline pipeline() {
        return Pipeline.local(dir.resolve("pipe")).chunkSize(4096);
    }

    /** Partitions {@code data} with each strategy and checks every partitioning against the original. */
    private List<List<LazPerf.Decoded>> roundTrip(String name, byte[] data, List<Map<String, String>> strategies) throws IOException {
        LazPerf.require();
        Path original = dir.resolve(name);
        Files.write(original, data);
        LazPerf.Decoded want = LazPerf.decode(original);
        List<List<LazPerf.Decoded>> all = new ArrayList<>();
        try (Pipeline p = pipeline()) {
            ObjectLocation loc = p.put(name, data);
            List<ObjectInfo> infos = p.preprocess("las", Map.of(), loc);
            assertThat(p.indexes("las", Map.of(), infos).get(0).attributes().get("points")).isEqualTo(want.points());
            List<List<Slice>> slices = new ArrayList<>();
            List<Path> files = new ArrayList<>();
            for (Map<String, String> s : strategies) {
                Map<String, String> params = new java.util.HashMap<>(s);
                String strategy = params.remove("strategy");
                List<Slice> cut = p.partition("las", Map.of(), infos, strategy, params);
                slices.add(cut);
                files.addAll(SliceChecks.evaluateAll(p, cut, dir));
            }
            List<LazPerf.Decoded> decoded = LazPerf.decodeAll(files);
            int at = 0;
            for (int i = 0; i < slices.size(); i++) {
                List<LazPerf.Decoded> mine = decoded.subList(at, at + slices.get(i).size());
                at += mine.size();
                SliceChecks.assertPartition(name + " " + strategies.get(i), want, slices.get(i), mine);
                all.add(mine);
            }
        }
        return all;
    }

    private static List<Map<String, String>> everyStrategy() {
        return List.of(Map.of("strategy", "chunks", "count", "1"), Map.of("strategy", "chunks", "count", "2"),
                Map.of("strategy", "chunks", "count", "7"), Map.of("strategy", "chunks", "count", "61"),
                Map.of("strategy", "points-per-slice", "points", "13"),
                Map.of("strategy", "grid", "rows", "2", "cols", "2"), Map.of("strategy", "grid", "rows", "7", "cols", "3"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void everyPointFormatWithExtraBytes(int format) throws IOException {
        TestLas las = new TestLas().version(format >= 6 ? 4 : 2).format(format).extraBytes(5)
                .vlr("dataplug", 42, "kept".getBytes(StandardCharsets.US_ASCII)).random(600, 10_000, 7_000, format);
        roundTrip("pf" + format + ".las", las.bytes(), everyStrategy());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void olderVersions(int minor) throws IOException {
        roundTrip("v1" + minor + ".las", new TestLas().version(minor).format(1).random(300, 500, 500, minor).bytes(),
                everyStrategy());
    }

    @Test
    void noPointsGiveNoSlices() throws IOException {
        List<List<LazPerf.Decoded>> out = roundTrip("empty.las", new TestLas().version(4).format(6).bytes(), everyStrategy());
        out.forEach(slices -> assertThat(slices).isEmpty());
    }

    @Test
    void onePointIsOneSlice() throws IOException {
        List<List<LazPerf.Decoded>> out = roundTrip("one.las", new TestLas().point(5, 5, 5, 1).bytes(), everyStrategy());
        out.forEach(slices -> assertThat(slices).hasSize(1));
    }

    @Test
    void pointsOnCellBoundariesAndOnTheMaximumAreInExactlyOneCell() throws IOException {
        // X from 0 to 1200, Y from 0 to 700; a 4 x 3 grid has columns at 300, 600, 900 and rows at ~233, ~467.
        TestLas las = new TestLas().format(0);
        for (int x : new int[] {0, 299, 300, 301, 600, 900, 1199, 1200}) {
            for (int y : new int[] {0, 233, 234, 466, 467, 699, 700}) {
                las.point(x, y, 1, 1);
            }
        }
        List<List<LazPerf.Decoded>> out = roundTrip("edges.las", las.bytes(),
                List.of(Map.of("strategy", "grid", "rows", "3", "cols", "4")));
        assertThat(out.get(0)).hasSize(12);
        // The last column is closed: x = 1200 is in column 3 with 900..1199; x = 300 starts column 1.
        assertThat(out.get(0).stream().mapToLong(LazPerf.Decoded::points).sum()).isEqualTo(56);
    }

    @Test
    void las14WithLegacyCountZeroAndEvlrsAfterThePoints() throws IOException {
        TestLas las = new TestLas().version(4).format(3).legacyZero().random(500, 1000, 1000, 3)
                .evlr("dataplug", 7, "first evlr".getBytes(StandardCharsets.US_ASCII))
                .evlr("LASF_Projection", 2112, "GEOGCS[\"WGS 84\"]".getBytes(StandardCharsets.US_ASCII));
        List<List<LazPerf.Decoded>> out = roundTrip("legacy0.las", las.bytes(), everyStrategy());
        for (List<LazPerf.Decoded> slices : out) {
            for (LazPerf.Decoded d : slices) {
                assertThat(d.header().get("evlrs").get("count").asInt()).isEqualTo(2);
                assertThat(d.header().get("evlrs").get("start").asLong())
                        .isEqualTo(d.header().get("offset").asLong() + d.points() * d.pointLength());
            }
        }
    }
}
