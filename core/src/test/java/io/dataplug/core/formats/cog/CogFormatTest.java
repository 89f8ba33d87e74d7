package io.dataplug.core.formats.cog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.slice.InvalidSliceException;
import io.dataplug.core.slice.Manifest;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SliceEvaluator;
import io.dataplug.core.storage.ObjectChangedException;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.StoreCache;
import io.dataplug.core.testing.EmbeddedS3Extension;
import io.dataplug.core.testing.InMemoryIndexingContext;
import io.dataplug.core.testing.Pipeline;
import io.dataplug.core.util.InvalidDocumentException;
import io.dataplug.core.util.Json;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cog format without GDAL, on small TIFFs written by {@link CogTestFiles} whose tile contents are known: tile
 * t of the source is filled with the byte t + 1, so every tile of a slice file says where it came from. Slice files
 * are read back with this format's own TIFF reader; GDAL checks them in {@link CogInteropTest}.
 */
class CogFormatTest {

    private static final CogFormat FORMAT = new CogFormat();

    @RegisterExtension
    static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

    @TempDir
    Path dir;

    private Pipeline pipeline(String name) {
        return Pipeline.local(dir.resolve(name));
    }

    /** A TIFF read back: its index and tile table. */
    private record Read(CogIndex index, TileTable.Tiles tiles, byte[] bytes) {
    }

    private static Read read(byte[] tiff) {
        CogIndexer.Result r = CogIndexer.index(new InMemoryIndexingContext(FORMAT, Map.of(), "/slice.tif", tiff));
        return new Read(r.index(), TileTable.decode(r.tileTable(), 0, r.index().full().tileCount(), "slice"), tiff);
    }

    @Test
    void slicesAreTheWindowsTilesWithTheirRealSize() {
        try (Pipeline p = pipeline("round-trip")) {
            ObjectLocation loc = p.put("small.tif", CogTestFiles.tiled());
            List<ObjectInfo> infos = p.preprocess(CogFormat.NAME, Map.of(), loc);
            Map<String, Long> attrs = p.indexes(CogFormat.NAME, Map.of(), infos).get(0).attributes();
            assertThat(attrs).containsEntry("width", 40L).containsEntry("height", 30L).containsEntry("bands", 1L)
                    .containsEntry("bitsPerSample", 8L).containsEntry("sampleFormat", 1L).containsEntry("tiles", 6L)
                    .containsEntry("overviews", 0L).doesNotContainKey("epsg").doesNotContainKey("minX");
            // 3 x 2 tiles cut in 2 x 2: columns [0, 1) and [1, 3)
            List<Slice> slices = p.partition(CogFormat.NAME, Map.of(), infos, "grid", Map.of("rows", "2", "cols", "2"));
            long[][] expected = {{0, 0, 16, 16}, {1, 0, 24, 16}, {0, 1, 16, 14}, {1, 1, 24, 14}}; // col, row, width, height
            assertThat(slices).hasSize(4);
            for (int i = 0; i < 4; i++) {
                Read out = read(p.evaluate(slices.get(i)));
                TiffImage im = out.index().full();
                assertThat(new long[] {im.width(), im.height()}).as("slice " + i).containsExactly(expected[i][2], expected[i][3]);
                assertThat(out.bytes()[2]).as("classic TIFF").isEqualTo((byte) 42);
                for (int t = 0; t < im.tileCount(); t++) {
                    long source = (expected[i][1] + t / im.tilesAcross()) * 3 + expected[i][0] + t % im.tilesAcross();
                    assertThat(out.tiles().lengths()[t]).isEqualTo(256);
                    int at = (int) out.tiles().offsets()[t];
                    for (int k = at; k < at + 256; k++) {
                        assertThat(out.bytes()[k]).as("slice %d tile %d", i, t).isEqualTo((byte) (source + 1));
                    }
                }
            }
        }
    }

    @Test
    void preprocessingReadsOnlyTheHeaderAndTheIfds() {
        byte[] file = CogTestFiles.tiled();
        long firstTile = read(file).tiles().offsets()[0];
        InMemoryIndexingContext ctx = new InMemoryIndexingContext(FORMAT, Map.of(), "/small.tif", file);
        CogIndex index = CogIndexer.index(ctx).index();
        List<long[]> ranges = ctx.opened();
        assertThat(ranges).isNotEmpty().allSatisfy(r -> assertThat(r[1]).isLessThanOrEqualTo(firstTile));
        assertThat(index.bytesRead()).isEqualTo(ranges.stream().mapToLong(r -> r[1] - r[0]).sum()).isLessThan(firstTile + 1);
        assertThat(index.requests()).isEqualTo(ranges.size()).isLessThanOrEqualTo(4);
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of("not a TIFF", (Supplier<byte[]>) CogTestFiles::notTiff, "not a TIFF (starts with bytes 3c68746d)"),
                Arguments.of("empty", (Supplier<byte[]>) () -> new byte[0], "not a TIFF: the object has only 0 bytes"),
                Arguments.of("stripped", (Supplier<byte[]>) CogTestFiles::stripped, "stored in strips, not tiles"),
                Arguments.of("truncated IFD", (Supplier<byte[]>) CogTestFiles::truncatedIfd, "truncated IFD"),
                Arguments.of("tile past the end", (Supplier<byte[]>) CogTestFiles::tileOffsetPastEnd,
                        "tile 5 (256 bytes at byte " + (CogTestFiles.tiled().length + 100) + ") runs past the end of the object"),
                Arguments.of("unknown compression", (Supplier<byte[]>) CogTestFiles::unknownCompression,
                        "unknown compression 12345"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputIsAClearError(String name, Supplier<byte[]> file, String message) {
        byte[] data = file.get();
        assertThatThrownBy(() -> CogIndexer.index(new InMemoryIndexingContext(FORMAT, Map.of(), "/bad.tif", data)))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("/bad.tif").hasMessageContaining(message);
    }

    @Test
    void strippedTiffSuggestsGdalTranslate() {
        assertThatThrownBy(() -> CogIndexer.index(new InMemoryIndexingContext(FORMAT, Map.of(), "/s.tif", CogTestFiles.stripped())))
                .hasMessageContaining("gdal_translate -of COG");
    }

    @Test
    void badParametersAreUsageErrors() {
        try (Pipeline p = pipeline("params")) {
            List<ObjectInfo> infos = p.preprocess(CogFormat.NAME, Map.of(), p.put("small.tif", CogTestFiles.tiled()));
            for (Map<String, String> params : List.of(Map.of("rows", "0", "cols", "1"), Map.of("rows", "1", "cols", "-3"),
                    Map.of("rows", "1", "cols", "1", "level", "-1"), Map.of("rows", "1", "cols", "1", "bigtiff", "maybe"))) {
                assertThatThrownBy(() -> p.partition(CogFormat.NAME, Map.of(), infos, "grid", params))
                        .as(params.toString()).isInstanceOf(InvalidRequestException.class);
            }
            assertThatThrownBy(() -> p.partition(CogFormat.NAME, Map.of(), infos, "window", Map.of("width", "0", "height", "5")))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("width");
            assertThatThrownBy(() -> p.partition(CogFormat.NAME, Map.of(), infos, "grid", Map.of("rows", "1", "cols", "1", "level", "1")))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("has 0 overview(s)");
        }
    }

    @Test
    void hugeCountsGiveOneTilePerSlice() {
        try (Pipeline p = pipeline("huge")) {
            List<ObjectInfo> infos = p.preprocess(CogFormat.NAME, Map.of(), p.put("small.tif", CogTestFiles.tiled()));
            assertThat(p.partition(CogFormat.NAME, Map.of(), infos, "grid", Map.of("rows", "2147483647", "cols", "2147483647")))
                    .hasSize(6);
            assertThat(p.partition(CogFormat.NAME, Map.of(), infos, "window", Map.of("width", "1", "height", "1"))).hasSize(6);
            assertThat(p.partition(CogFormat.NAME, Map.of(), infos, "window",
                    Map.of("width", "9223372036854775807", "height", "9223372036854775807"))).hasSize(1);
        }
    }

    @Test
    void bigTiffOnRequest() {
        try (Pipeline p = pipeline("bigtiff")) {
            List<ObjectInfo> infos = p.preprocess(CogFormat.NAME, Map.of(), p.put("small.tif", CogTestFiles.tiled()));
            Slice s = p.partition(CogFormat.NAME, Map.of(), infos, "grid", Map.of("rows", "1", "cols", "1", "bigtiff", "yes")).get(0);
            Read out = read(p.evaluate(s));
            assertThat(out.bytes()[2]).isEqualTo((byte) 43);
            assertThat(out.index().bigTiff()).isTrue();
            assertThat(out.index().full().width()).isEqualTo(40);
            Read source = read(CogTestFiles.tiled());
            for (int t = 0; t < 6; t++) {
                assertThat(out.bytes()[(int) out.tiles().offsets()[t]]).isEqualTo(source.bytes()[(int) source.tiles().offsets()[t]]);
            }
        }
    }

    @Test
    void sparseTilesStaySparse() {
        try (Pipeline p = pipeline("sparse")) {
            List<ObjectInfo> infos = p.preprocess(CogFormat.NAME, Map.of(), p.put("sparse.tif", CogTestFiles.sparse()));
            List<Slice> slices = p.partition(CogFormat.NAME, Map.of(), infos, "grid", Map.of("rows", "2", "cols", "3"));
            for (Slice s : slices) {
                assertThat(s.parts()).hasSize(1);
                assertThat(s.parts().get(0).end()).as("reads the TIFF header only").isEqualTo(8);
                Read out = read(p.evaluate(s));
                assertThat(out.tiles().lengths()).containsOnly(0L);
                assertThat(out.tiles().offsets()).containsOnly(0L);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"local", "s3"})
    void anObjectChangedAfterPreprocessingIsRefused(String store) throws Exception {
        try (Pipeline p = store.equals("s3") ? Pipeline.s3(S3.server(), "changed/") : pipeline("changed")) {
            List<ObjectInfo> infos = p.preprocess(CogFormat.NAME, Map.of(), p.put("changing.tif", CogTestFiles.tiled()));
            List<Slice> slices = p.partition(CogFormat.NAME, Map.of(), infos, "grid", Map.of("rows", "2", "cols", "2"));
            Thread.sleep(5); // local ETags include the modification time
            byte[] changed = CogTestFiles.tiled();
            changed[changed.length - 1] ^= 1;
            p.put("changing.tif", changed);
            for (Slice s : slices) {
                assertThatThrownBy(() -> p.evaluate(s)).isInstanceOf(ObjectChangedException.class).hasMessageContaining("changing.tif")
                        .hasMessageContaining("preprocess it again");
            }
        }
    }

    @Test
    void tamperedSlicesAreRefusedBeforeAnyByteIsWritten() {
        try (Pipeline p = pipeline("tampered")) {
            List<ObjectInfo> infos = p.preprocess(CogFormat.NAME, Map.of(), p.put("small.tif", CogTestFiles.tiled()));
            Slice slice = p.partition(CogFormat.NAME, Map.of(), infos, "grid", Map.of("rows", "1", "cols", "1")).get(0);
            List<Consumer<ObjectNode>> edits = List.of(
                    c -> ((ArrayNode) c.get("tiles").get(0).get("offsets")).set(1, 1_000_000),
                    c -> ((ArrayNode) c.get("tiles").get(0).get("lengths")).set(1, -5),
                    c -> ((ArrayNode) c.get("tiles").get(0).get("lengths")).remove(0),
                    c -> ((ArrayNode) c.get("tiles")).remove(0),
                    c -> c.remove("header"),
                    c -> c.remove("tiles"),
                    c -> c.put("extra", 1),
                    c -> ((ObjectNode) c.get("header").get("images").get(0)).put("width", 1L << 40),
                    c -> ((ObjectNode) c.get("header").get("images").get(0)).put("tileWidth", 1),
                    c -> ((ObjectNode) c.get("header").get("images").get(0)).put("compression", 6),
                    c -> ((ObjectNode) c.get("header")).put("byteOrder", "XX"),
                    c -> ((ArrayNode) c.get("header").get("images").get(0).get("extra")).addObject() // a second TileOffsets
                            .put("tag", 324).put("type", 4).put("count", 1).put("value", "AAAAAA=="),
                    c -> ((ArrayNode) c.get("header").get("images")).add(c.get("header").get("images").get(0))
                            .add(c.get("header").get("images").get(0)),
                    c -> ((ObjectNode) c.get("tiles").get(0)).put("first", 3),
                    c -> ((ObjectNode) c.get("tiles").get(0)).put("first", Long.MAX_VALUE),
                    c -> ((ObjectNode) c.get("tiles").get(0)).put("image", 1));
            for (int i = 0; i < edits.size(); i++) {
                ObjectNode doc = (ObjectNode) Json.tree(slice);
                edits.get(i).accept((ObjectNode) doc.get("parts").get(0).get("corrections"));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int edit = i;
                assertThatThrownBy(() -> {
                    Slice tampered = Manifest.parseSlice(Json.string(doc), "edit " + edit);
                    try (StoreCache stores = new StoreCache()) {
                        new SliceEvaluator(stores, p.storage()).evaluate(tampered, out);
                    }
                }).as("edit " + i).isInstanceOfAny(InvalidSliceException.class, InvalidDocumentException.class);
                assertThat(out.size()).as("edit " + i).isZero();
            }
        }
    }
}
