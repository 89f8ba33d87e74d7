package io.dataplug.core.formats.lidar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataplug.core.index.IndexedObject;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.Pipeline;
import io.dataplug.core.testing.SharedFixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every LAS/LAZ/COPC file other writers made ({@code ../shared/fixtures/lidar}: laspy, copc.js, LAStools),
 * through the whole data path (put, preprocess in parallel chunk tasks, partition, evaluate), with every
 * strategy at counts 1, 2, 7 and more slices than chunks/nodes. Slices and originals are decoded by laz-perf
 * (the shared {@code lazcheck.cjs} vouches for our dump of the original): the slices' points are exactly the
 * original's, every slice's header states its points, grid slices hold only their cell's points.
 */
class LidarFixturesTest {

    @TempDir
    Path dir;

    Pipeline pipeline(String name) {
        return Pipeline.local(dir.resolve("pipe")).chunkSize(64 << 10);
    }

    record Case(String format, String strategy, Map<String, String> params, boolean subset) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"laspy-simple.las", "laspy-simple.laz", "laspy-autzen_trim.laz", "laspy-1_4_w_evlr.las",
            "laspy-1_4_w_evlr.laz", "laspy-plane.laz", "laspy-extrabytes.las", "laspy-simple1_4.las", "laspy-test1_4.las",
            "laspy-vegetation_1_3.las", "lasreader-Haystack_Rock.las", "copcjs-ellipsoid.laz", "copcjs-ellipsoid-1.4.laz",
            "copcjs-ellipsoid.copc.laz", "laspy-simple.copc.laz", "laspy-simple_with_page.copc.laz"})
    void everyStrategyGivesExactlyTheOriginalPoints(String name) throws IOException {
        Path file = SharedFixtures.require("lidar/" + name);
        LazPerf.require();
        JsonNode check = LazPerf.lazcheck(file);
        LazPerf.Decoded original = LazPerf.decode(file);
        assertThat(sha256(original.records()).substring(0, 16))
                .as("our laz-perf dump of " + name + " agrees with lazcheck.cjs").isEqualTo(check.get("sha256").asText());
        try (Pipeline p = pipeline(name)) {
            ObjectLocation loc = p.put(name, Files.readAllBytes(file));
            // COPC files are cut by the copc format (the las format reads them as the LAZ they also are; not repeated here).
            List<Case> cases = name.endsWith(".copc.laz") ? copcCases(p, loc, file) : lasCases(p, loc, check);
            List<List<Slice>> slices = new ArrayList<>();
            List<Path> files = new ArrayList<>();
            for (Case c : cases) {
                List<ObjectInfo> infos = List.of(p.store().head(loc));
                List<Slice> s = p.partition(c.format(), Map.of(), infos, c.strategy(), c.params());
                slices.add(s);
                files.addAll(SliceChecks.evaluateAll(p, s, dir));
            }
            List<LazPerf.Decoded> decoded = LazPerf.decodeAll(files);
            int at = 0;
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                List<LazPerf.Decoded> mine = decoded.subList(at, at + slices.get(i).size());
                at += slices.get(i).size();
                String what = name + " " + c;
                if (c.subset()) {
                    assertSubset(what, original, mine);
                } else {
                    SliceChecks.assertPartition(what, original, slices.get(i), mine);
                }
                if (c.strategy().equals("chunks") || c.strategy().equals("nodes") || c.strategy().equals("depth")) {
                    boolean compressed = check.get("compressed").asBoolean();
                    mine.forEach(d -> assertThat(d.header().get("compressed").asBoolean()).as(what).isEqualTo(compressed));
                }
            }
        }
    }

    private List<Case> lasCases(Pipeline p, ObjectLocation loc, JsonNode check) {
        List<ObjectInfo> infos = p.preprocess("las", Map.of(), loc);
        IndexedObject<?> o = p.indexes("las", Map.of(), infos).get(0);
        long points = check.get("points").asLong();
        assertThat(o.attributes().get("points")).isEqualTo(points);
        boolean laz = check.get("compressed").asBoolean();
        long many = laz ? o.attributes().get("chunks") + 3 : 50;
        List<Case> cases = new ArrayList<>();
        for (long count : new long[] {1, 2, 7, many}) {
            cases.add(new Case("las", "chunks", Map.of("count", "" + count), false));
        }
        // Filtered LAZ slices decode every chunk they touch (laszip4j, ~100k points/s): fewer of them for big files.
        boolean big = laz && points > 20_000;
        for (long size : big ? new long[] {points / 3 + 1} : new long[] {1000, points / 3 + 1}) {
            cases.add(new Case("las", "points-per-slice", Map.of("points", "" + size), false));
        }
        for (int[] g : grids(big)) {
            cases.add(new Case("las", "grid", Map.of("rows", "" + g[0], "cols", "" + g[1]), false));
        }
        return cases;
    }

    private List<Case> copcCases(Pipeline p, ObjectLocation loc, Path file) {
        List<ObjectInfo> infos = p.preprocess("copc", Map.of(), loc);
        IndexedObject<?> o = p.indexes("copc", Map.of(), infos).get(0);
        JsonNode copc = LazPerf.copccheck(file);
        assertThat(o.attributes().get("nodes")).isEqualTo(copc.get("nodes").asLong());
        assertThat(o.attributes().get("points")).isEqualTo(copc.get("decodedPoints").asLong());
        CopcIndex index = (CopcIndex) o.index();
        assertThat(index.pages()).isEqualTo(copc.get("pages").asInt());
        List<Case> cases = new ArrayList<>();
        for (long count : new long[] {1, 2, 7, index.nodes().size() + 3}) {
            cases.add(new Case("copc", "nodes", Map.of("count", "" + count), false));
        }
        cases.add(new Case("copc", "depth", Map.of("max", "0"), true));
        cases.add(new Case("copc", "depth", Map.of("max", "1", "count", "2"), true));
        cases.add(new Case("copc", "depth", Map.of("max", "99", "count", "7"), false));
        for (int[] g : grids(o.attributes().get("points") > 20_000)) {
            cases.add(new Case("copc", "grid", Map.of("rows", "" + g[0], "cols", "" + g[1]), false));
        }
        return cases;
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int[][] grids(boolean big) {
        return big ? new int[][] {{1, 1}, {2, 3}} : new int[][] {{1, 1}, {2, 2}, {7, 3}, {16, 16}};
    }

    /** Depth slices: points of the upper levels only, each at most as often as in the original. */
    private static void assertSubset(String what, LazPerf.Decoded original, List<LazPerf.Decoded> slices) {
        Map<ByteBuffer, Integer> left = new LinkedHashMap<>();
        for (int r = 0; r < original.points(); r++) {
            left.merge(ByteBuffer.wrap(original.record(r)), 1, Integer::sum);
        }
        long n = 0;
        for (LazPerf.Decoded d : slices) {
            SliceChecks.assertHeaderStatesPoints(what, d);
            for (int r = 0; r < d.points(); r++) {
                Integer k = left.computeIfPresent(ByteBuffer.wrap(d.record(r)), (key, v) -> v - 1);
                assertThat(k).as(what + ": a point that is not in the original, or twice").isNotNull().isGreaterThanOrEqualTo(0);
                n++;
            }
        }
        assertThat(n).as(what).isPositive();
    }
}
