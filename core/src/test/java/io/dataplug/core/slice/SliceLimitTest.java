package io.dataplug.core.slice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import htsjdk.samtools.util.BlockCompressedOutputStream;
import io.dataplug.core.format.Format;
import io.dataplug.core.format.FormatTypes;
import io.dataplug.core.format.Formats;
import io.dataplug.core.format.IndexingContext;
import io.dataplug.core.format.ObjectIndex;
import io.dataplug.core.format.ParamSpec;
import io.dataplug.core.format.Params;
import io.dataplug.core.format.PartitionRequest;
import io.dataplug.core.format.Preprocessing;
import io.dataplug.core.format.Sibling;
import io.dataplug.core.format.SliceContext;
import io.dataplug.core.format.StrategySpec;
import io.dataplug.core.formats.cog.CogTestFiles;
import io.dataplug.core.gzip.GzipTestData;
import io.dataplug.core.index.IndexedObject;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.testing.ChunkedSamples;
import io.dataplug.core.testing.Pipeline;
import io.dataplug.core.testing.SharedFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 7.5: one slice limit for every format and strategy. Each strategy tells its slice count from the
 * index (a limit of exactly that many lets them through, one less refuses them naming the count), and a
 * request for a billion slices is refused before any is built.
 */
class SliceLimitTest {

    private static final String HUGE = "1000000000";

    @TempDir
    Path dir;

    /** One indexed object of a format, and the strategies and parameters to cut it with. */
    record Case(String format, Map<String, String> options, String name, byte[] data, List<Cut> cuts, Map<String, byte[]> beside) {

        Case(String format, Map<String, String> options, String name, byte[] data, List<Cut> cuts) {
            this(format, options, name, data, cuts, Map.of());
        }

        @Override
        public String toString() {
            return format;
        }
    }

    record Cut(String strategy, Map<String, String> params) {
    }

    static Stream<Case> cases() {
        List<Cut> lines = List.of(new Cut("chunks", Map.of("count", "1")), new Cut("chunks", Map.of("count", "7")),
                new Cut("chunks", Map.of("count", HUGE)), new Cut("chunk-size", Map.of("bytes", "1")),
                new Cut("chunk-size", Map.of("bytes", "5000")));
        List<Cut> reads = List.of(new Cut("reads-batches", Map.of("count", "9")), new Cut("reads-batches", Map.of("count", HUGE)),
                new Cut("reads-per-slice", Map.of("reads", "1")), new Cut("reads-per-slice", Map.of("reads", "7")),
                new Cut("reads-per-slice", Map.of("reads", HUGE)));
        List<Cut> vcf = List.of(new Cut("chunks", Map.of("count", "9")), new Cut("chunks", Map.of("count", HUGE)),
                new Cut("regions", Map.of("contigs", "true")), new Cut("regions", Map.of("bp", "1")),
                new Cut("regions", Map.of("bp", "20000")), new Cut("regions", Map.of("bp", HUGE)));
        List<Cut> fasta = List.of(new Cut("chunks", Map.of("count", "5")), new Cut("chunks", Map.of("count", HUGE)),
                new Cut("sequences", Map.of("count", "5")), new Cut("sequences", Map.of("count", HUGE)));
        ChunkedSamples fq = ChunkedSamples.of("fastq");
        ChunkedSamples v = ChunkedSamples.of("vcf");
        return Stream.of(
                of(ChunkedSamples.of("text"), lines), of(ChunkedSamples.of("csv"), lines), of(ChunkedSamples.of("fasta"), fasta),
                of(fq, reads), new Case("fastq-gzip", Map.of("checkpoint-span", "4KiB"), "sample.fq.gz", GzipTestData.javaGzip(fq.data()), reads),
                of(v, vcf), new Case("vcf-bgzip", v.options(), "sample.vcf.gz", bgzip(v.data()), vcf),
                of(ChunkedSamples.of("las"), LAS),
                of(ChunkedSamples.of("imzml"), List.of(new Cut("chunks", Map.of("count", "7")), new Cut("chunks", Map.of("count", HUGE)),
                        new Cut("grid", Map.of("rows", "1", "cols", "1")), new Cut("grid", Map.of("rows", "3", "cols", "4")),
                        new Cut("grid", Map.of("rows", HUGE, "cols", HUGE)))),
                new Case("cog", Map.of(), "tiles.tif", CogTestFiles.tiled(), List.of(new Cut("grid", Map.of("rows", "1", "cols", "1")),
                        new Cut("grid", Map.of("rows", "2", "cols", "3")), new Cut("grid", Map.of("rows", HUGE, "cols", HUGE)),
                        new Cut("window", Map.of("width", "1", "height", "1")), new Cut("window", Map.of("width", "17", "height", "40")),
                        new Cut("window", Map.of("width", HUGE, "height", HUGE)))));
    }

    private static final List<Cut> LAS = List.of(new Cut("chunks", Map.of("count", "7")), new Cut("chunks", Map.of("count", HUGE)),
            new Cut("points-per-slice", Map.of("points", "1")), new Cut("points-per-slice", Map.of("points", "300")),
            new Cut("grid", Map.of("rows", "1", "cols", "1")), new Cut("grid", Map.of("rows", "30", "cols", "20")),
            new Cut("grid", Map.of("rows", "700", "cols", "700")));

    private static Case of(ChunkedSamples s, List<Cut> cuts) {
        return new Case(s.format(), s.options(), s.name(), s.data(), cuts, s.beside());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyStrategyTellsItsSliceCountBeforeBuildingTheSlices(Case c) {
        checkCounts(c);
    }

    /** LAZ (whole compressed chunks) and COPC (octree nodes), from the shared third-party fixtures. */
    @Test
    void lidarFixturesTellTheirSliceCount() throws IOException {
        checkCounts(new Case("las", Map.of(), "autzen.laz", Files.readAllBytes(SharedFixtures.require("lidar/laspy-autzen_trim.laz")),
                LAS));
        checkCounts(new Case("copc", Map.of(), "ellipsoid.copc.laz",
                Files.readAllBytes(SharedFixtures.require("lidar/copcjs-ellipsoid.copc.laz")), List.of(
                        new Cut("nodes", Map.of("count", "5")), new Cut("nodes", Map.of("count", HUGE)),
                        new Cut("depth", Map.of("max", "0", "count", "3")), new Cut("depth", Map.of("max", "2", "count", HUGE)),
                        new Cut("grid", Map.of("rows", "4", "cols", "4")), new Cut("grid", Map.of("rows", "300", "cols", "300")))));
    }

    /**
     * A limit of exactly the number of slices built lets them through, one less refuses them before any is built:
     * so the count the format tells is exact.
     */
    private void checkCounts(Case c) {
        try (Pipeline p = Pipeline.local(dir.resolve(c.name()))) {
            c.beside().forEach(p::put);
            List<ObjectInfo> infos = p.preprocess(c.format(), c.options(), p.put(c.name(), c.data()));
            Watching<?, ?, ?> format = watch(Formats.get(c.format()));
            Params options = Params.parse(format.options(), c.options(), "test");
            List<IndexedObject<?>> indexes = Partitioner.loadIndexes(format, options, infos, p.storage(), p.metadata());
            for (Cut cut : c.cuts()) {
                String what = c.format() + " " + cut;
                Function<Long, List<Slice>> partition = limit -> Partitioner.partition(c.name(), format, options, indexes,
                        cut.strategy(), cut.params(), p.metadata(), p.roots(), new SliceLimit(limit, "--max-slices"));
                int n = partition.apply(Long.MAX_VALUE).size();
                assertThat(partition.apply((long) n)).as(what).hasSize(n);
                if (n < 2) {
                    continue;
                }
                int built = format.partitions.get();
                assertThatThrownBy(() -> partition.apply(n - 1L))
                        .as(what).isInstanceOfSatisfying(TooManySlicesException.class, e -> {
                            assertThat(e.count()).as(what).isEqualTo(n);
                            assertThat(e.limit()).isEqualTo(n - 1);
                        })
                        .hasMessageContaining("of format " + c.format() + " would make " + n + " slices, more than the limit of "
                                + (n - 1) + ": ask for fewer slices, or raise --max-slices");
                assertThat(format.partitions).as(what + ": refused before any slice is built").hasValue(built);
            }
        }
    }

    /**
     * Issue 7.5 as reported: 1 bp windows over a 470 KB VCF are over a million slices. They are refused, naming the
     * count and the limit, and the format is never asked to build them; 1 kbp windows are within the limit.
     */
    @Test
    void vcfRegionsOfOneBasePairAreRefusedBeforeAnyIsBuilt() {
        String[] contigs = {"chr1", "chr2", "chr3", "chr4"};
        byte[] vcf = ChunkedSamples.vcf(new Random(5), contigs, 3750, 167).getBytes(StandardCharsets.US_ASCII);
        assertThat(vcf.length).isBetween(400_000, 550_000);
        try (Pipeline p = Pipeline.local(dir)) {
            List<ObjectInfo> infos = p.preprocess("vcf", Map.of(), p.put("dense.vcf", vcf));
            Watching<?, ?, ?> format = watch(Formats.get("vcf"));
            Params options = Params.parse(format.options(), Map.of(), "test");
            List<IndexedObject<?>> indexes = Partitioner.loadIndexes(format, options, infos, p.storage(), p.metadata());
            assertThatThrownBy(() -> Partitioner.partition("dense", format, options, indexes, "regions", Map.of("bp", "1"),
                    p.metadata(), p.roots()))
                    .isInstanceOfSatisfying(TooManySlicesException.class, e -> {
                        assertThat(e.count()).isGreaterThan(1_000_000);
                        assertThat(e.limit()).isEqualTo(SliceLimit.DEFAULT_MAX);
                    })
                    .hasMessageMatching("strategy regions \\(bp=1\\) of format vcf would make \\d{7} slices, more than the "
                            + "limit of 100000: ask for fewer slices, or raise the slice limit");
            assertThat(format.partitions).as("slices built").hasValue(0);
            List<Slice> kbp = Partitioner.partition("dense", format, options, indexes, "regions", Map.of("bp", "1000"),
                    p.metadata(), p.roots());
            assertThat(format.partitions).hasValue(1);
            assertThat(kbp.size()).isBetween(1000, 2000);
        }
    }

    /** The limit holds for every format on the classpath because each one counts before it builds. */
    @Test
    void everyFormatTellsItsSliceCount() throws NoSuchMethodException {
        for (Format<?, ?, ?> f : Formats.all().values()) {
            assertThat(f.getClass().getMethod("sliceCount", PartitionRequest.class).getDeclaringClass())
                    .as("format %s must override Format.sliceCount, so that the slice limit is checked before its slices "
                            + "are built", f.name()).isNotEqualTo(Format.class);
        }
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThatThrownBy(() -> new SliceLimit(0, "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    private static <I, R, C extends Corrections> Watching<I, R, C> watch(Format<I, R, C> format) {
        return new Watching<>(format);
    }

    /** A format that counts the times it is asked to build slices. */
    private static final class Watching<I, R, C extends Corrections> implements Format<I, R, C> {
        final AtomicInteger partitions = new AtomicInteger();
        private final Format<I, R, C> format;

        Watching(Format<I, R, C> format) {
            this.format = format;
        }

        @Override
        public List<List<SlicePart<C>>> partition(PartitionRequest<I> request) {
            partitions.incrementAndGet();
            return format.partition(request);
        }

        @Override
        public OptionalLong sliceCount(PartitionRequest<I> request) {
            return format.sliceCount(request);
        }

        @Override
        public String name() {
            return format.name();
        }

        @Override
        public List<Sibling> siblings() {
            return format.siblings();
        }

        @Override
        public String description() {
            return format.description();
        }

        @Override
        public List<ParamSpec> options() {
            return format.options();
        }

        @Override
        public Preprocessing preprocessing() {
            return format.preprocessing();
        }

        @Override
        public FormatTypes<I, R, C> types() {
            return format.types();
        }

        @Override
        public ObjectIndex<I> buildIndex(IndexingContext ctx, List<R> chunkResults) throws IOException {
            return format.buildIndex(ctx, chunkResults);
        }

        @Override
        public List<StrategySpec> strategies() {
            return format.strategies();
        }

        @Override
        public void evaluate(SliceContext ctx, Slice slice, OutputStream out) throws IOException {
            format.evaluate(ctx, slice, out);
        }
    }

    private static byte[] bgzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BlockCompressedOutputStream bgzf = new BlockCompressedOutputStream(out, (Path) null)) {
            bgzf.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
