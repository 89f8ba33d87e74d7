package io.dataplug.core.formats.lidar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.storage.ObjectChangedException;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.EmbeddedS3;
import io.dataplug.core.testing.Pipeline;
import io.dataplug.core.testing.SharedFixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input gives a clear error naming the object and the place, never wrong data: not LAS, a truncated
 * header, point data shorter than the header says, a corrupt LAZ chunk table, COPC without its info VLR,
 * the grid strategy without a spatial index, an object changed after indexing (also over S3).
 */
class LidarBadInputTest {

    @TempDir
    Path dir;

    private Throwable preprocess(String format, String name, byte[] data) {
        try (Pipeline p = Pipeline.local(dir.resolve(name)).chunkSize(4096)) {
            ObjectLocation loc = p.put(name, data);
            return org.assertj.core.api.Assertions.catchThrowable(() -> p.preprocess(format, Map.of(), loc));
        }
    }

    private static DataFormatException cause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof DataFormatException d) {
                return d;
            }
        }
        throw new AssertionError("no DataFormatException in " + t, t);
    }

    @Test
    void notLas() {
        DataFormatException e = cause(preprocess("las", "x.las", "hello, this is text\n".repeat(20).getBytes(StandardCharsets.US_ASCII)));
        assertThat(e.getMessage()).contains("x.las").contains("not a LAS/LAZ file");
        assertThat(cause(preprocess("las", "empty.las", new byte[0])).getMessage()).contains("empty");
    }

    @Test
    void truncatedHeader() {
        byte[] las = new TestLas().random(10, 100, 100, 1).bytes();
        assertThat(cause(preprocess("las", "t.las", Arrays.copyOf(las, 150))).getMessage()).contains("truncated LAS header");
        byte[] v14 = new TestLas().version(4).random(10, 100, 100, 1).bytes();
        assertThat(cause(preprocess("las", "t14.las", Arrays.copyOf(v14, 300))).getMessage()).contains("truncated");
    }

    @Test
    void pointDataShorterThanTheHeaderSays() {
        byte[] las = new TestLas().random(100, 100, 100, 1).bytes();
        DataFormatException e = cause(preprocess("las", "short.las", Arrays.copyOf(las, las.length - 10)));
        assertThat(e.getMessage()).contains("shorter than the header says").contains("100 points of 34 bytes");
    }

    @Test
    void corruptLazChunkTable() throws IOException {
        byte[] laz = Files.readAllBytes(SharedFixtures.require("lidar/laspy-autzen_trim.laz"));
        long p = ByteBuffer.wrap(laz).order(ByteOrder.LITTLE_ENDIAN).getInt(96) & 0xffffffffL;
        long table = ByteBuffer.wrap(laz).order(ByteOrder.LITTLE_ENDIAN).getLong((int) p);
        byte[] badPointer = laz.clone();
        ByteBuffer.wrap(badPointer).order(ByteOrder.LITTLE_ENDIAN).putLong((int) p, laz.length + 100L);
        assertThat(cause(preprocess("las", "ptr.laz", badPointer)).getMessage()).contains("corrupt LAZ chunk table");
        byte[] badVersion = laz.clone();
        badVersion[(int) table] = 9;
        assertThat(cause(preprocess("las", "ver.laz", badVersion)).getMessage()).contains("corrupt LAZ chunk table");
        byte[] badEntries = laz.clone();
        for (int i = 8; i < 16 && table + i < laz.length; i++) {
            badEntries[(int) table + i] ^= (byte) 0x5a;
        }
        assertThat(cause(preprocess("las", "entries.laz", badEntries)).getMessage()).contains("corrupt LAZ chunk table");
        byte[] cut = Arrays.copyOf(laz, (int) table + 3);
        assertThat(cause(preprocess("las", "cut.laz", cut)).getMessage()).contains("corrupt LAZ chunk table");
    }

    @Test
    void copcWithoutItsInfoVlr() throws IOException {
        byte[] laz = Files.readAllBytes(SharedFixtures.require("lidar/laspy-1_4_w_evlr.laz"));
        assertThat(cause(preprocess("copc", "plain.copc.laz", laz)).getMessage()).contains("no COPC info VLR");
        byte[] copc = Files.readAllBytes(SharedFixtures.require("lidar/laspy-simple.copc.laz"));
        copc[375 + 2] = 'x'; // the info VLR's user id
        assertThat(cause(preprocess("copc", "renamed.copc.laz", copc)).getMessage()).contains("no COPC info VLR");
    }

    @Test
    void gridWithoutSpatialIndexIsAUsageError() {
        try (Pipeline p = Pipeline.local(dir.resolve("nogrid"))) {
            ObjectLocation loc = p.put("a.las", new TestLas().random(50, 100, 100, 1).bytes());
            Map<String, String> opts = Map.of("spatial-index", "false");
            List<ObjectInfo> infos = p.preprocess("las", opts, loc);
            assertThat(p.partition("las", opts, infos, "chunks", Map.of("count", "2"))).hasSize(2);
            assertThatThrownBy(() -> p.partition("las", opts, infos, "grid", Map.of("rows", "2", "cols", "2")))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("spatial-index=true");
            assertThatThrownBy(() -> p.partition("las", opts, infos, "grid", Map.of("rows", "2", "cols", "100000")))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("at most");
        }
    }

    @Test
    void handEditedSlicesAreRefused() {
        try (Pipeline p = Pipeline.local(dir.resolve("edited"))) {
            ObjectLocation loc = p.put("a.las", new TestLas().random(50, 100, 100, 1).bytes());
            List<ObjectInfo> infos = p.preprocess("las", Map.of(), loc);
            Slice s = p.partition("las", Map.of(), infos, "chunks", Map.of("count", "1")).get(0);
            List<io.dataplug.core.slice.SlicePart<LidarPart>> typed = s.parts(LidarPart.class);
            io.dataplug.core.slice.SlicePart<LidarPart> header = typed.get(0);
            io.dataplug.core.slice.SlicePart<LidarPart> points = typed.get(1);
            LidarPart c = points.corrections();
            LidarPart more = LidarPart.points(c.firstPoint(), c.points() + 1);
            LidarPart chunks = LidarPart.chunks(0, new long[] {50}, new long[] {points.length()}, null);
            LidarPart laz = LidarPart.header(LidarPart.LAZ, List.of(), null, null, null, null, null, null);
            LidarPart badCell = LidarPart.header(LidarPart.LAS, List.of(), new GridCells(0, 10, 0, 10, 2, 2), 5, 0, null, null,
                    null);
            for (List<io.dataplug.core.slice.SlicePart<?>> parts : List.<List<io.dataplug.core.slice.SlicePart<?>>>of(
                    List.of(points),
                    List.of(header, new io.dataplug.core.slice.SlicePart<>(points.object(), points.start(), points.end(), more)),
                    List.of(header, new io.dataplug.core.slice.SlicePart<>(points.object(), points.start(), points.end(), chunks)),
                    List.of(new io.dataplug.core.slice.SlicePart<>(header.object(), 0, header.end(), laz), points),
                    List.of(new io.dataplug.core.slice.SlicePart<>(header.object(), 0, header.end(), badCell), points))) {
                Slice edited = new Slice(s.schema(), s.dataset(), s.format(), s.options(), s.strategy(), s.params(), 0, 1,
                        s.source(), s.metadata(), parts);
                Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> p.evaluate(edited));
                assertThat(t).as(parts.toString()).isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @Test
    void overS3SlicesAreExactAndAChangedObjectFailsClearly() throws Exception {
        LazPerf.require();
        Path file = SharedFixtures.require("lidar/laspy-simple.laz");
        try (EmbeddedS3 s3 = new EmbeddedS3(); Pipeline p = Pipeline.s3(s3, "lidar/")) {
            byte[] laz = Files.readAllBytes(file);
            ObjectLocation loc = p.put("simple.laz", laz);
            List<ObjectInfo> infos = p.preprocess("las", Map.of(), loc);
            for (String strategy : List.of("chunks", "grid")) {
                Map<String, String> params = strategy.equals("chunks") ? Map.of("count", "2") : Map.of("rows", "2", "cols", "2");
                List<Slice> slices = p.partition("las", Map.of(), infos, strategy, params);
                SliceChecks.assertPartition("s3 " + strategy, LazPerf.decode(file), slices,
                        LazPerf.decodeAll(SliceChecks.evaluateAll(p, slices, dir)));
            }
            Path copcFile = SharedFixtures.require("lidar/laspy-simple_with_page.copc.laz");
            List<ObjectInfo> copc = p.preprocess("copc", Map.of(), p.put("page.copc.laz", Files.readAllBytes(copcFile)));
            for (String strategy : List.of("nodes", "grid")) {
                Map<String, String> params = strategy.equals("nodes") ? Map.of("count", "7") : Map.of("rows", "3", "cols", "2");
                List<Slice> slices = p.partition("copc", Map.of(), copc, strategy, params);
                SliceChecks.assertPartition("s3 copc " + strategy, LazPerf.decode(copcFile), slices,
                        LazPerf.decodeAll(SliceChecks.evaluateAll(p, slices, dir)));
            }
            List<Slice> slices = p.partition("las", Map.of(), infos, "chunks", Map.of("count", "1"));
            byte[] changed = laz.clone();
            changed[laz.length - 1] ^= 1;
            p.put("simple.laz", changed);
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> p.evaluate(slices.get(0)));
            Throwable c = t;
            while (c != null && !(c instanceof ObjectChangedException)) {
                c = c.getCause();
            }
            assertThat(c).as("cause of " + t).isNotNull().hasMessageContaining("changed since it was indexed");
        }
    }
}
