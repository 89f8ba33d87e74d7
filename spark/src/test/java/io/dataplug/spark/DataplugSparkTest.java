package io.dataplug.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.core.slice.Manifest;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.EmbeddedS3Extension;
import io.dataplug.core.testing.ExternalTools;
import io.dataplug.core.testing.OriginalRecords;
import io.dataplug.core.testing.Pipeline;
import io.dataplug.core.util.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The connector end to end in Spark {@code local[2]} against the embedded S3 server: every sample format
 * (samples/data, made with wgsim, gzip, bgzip/tabix and Python's csv) read through
 * {@code spark.read.format("dataplug")} gives the original records as independent readers see them (htsjdk,
 * Python's csv, the JDK), with one Spark partition per slice. One SparkSession for the class.
 */
class DataplugSparkTest {

    @RegisterExtension
    static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

    static final Path SAMPLES = Path.of("..", "samples", "data");

    @TempDir
    static Path dir;

    static SparkSession spark;
    static Pipeline pipeline;
    static int manifests;

    @BeforeAll
    static void start() {
        pipeline = Pipeline.s3(S3.server(), "spark/");
        spark = SparkSession.builder().master("local[2]").appName("dataplug-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.warehouse.dir", dir.resolve("warehouse").toString())
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        pipeline.close();
    }

    /** A sample file, how it is partitioned, the layout read, and its records read independently. */
    record Sample(String file, String format, Map<String, String> options, String strategy, Map<String, String> params,
                  String layout, Function<Path, List<List<Object>>> original) {
        @Override
        public String toString() {
            return format + " " + file + (layout == null ? "" : " (" + layout + ")");
        }
    }

    static Stream<Sample> samples() {
        return Stream.of(
                new Sample("notes.txt", "text", Map.of(), "chunks", Map.of("count", "4"), null, OriginalRecords::lines),
                new Sample("table.csv", "csv", Map.of(), "chunks", Map.of("count", "8"), null, f -> {
                    ExternalTools.require("python3");
                    List<List<Object>> rows = OriginalRecords.csv(f);
                    return rows.subList(1, rows.size());
                }),
                new Sample("genome.fa", "fasta", Map.of(), "chunks", Map.of("count", "6"), null, f -> List.of()),
                new Sample("reads.fastq", "fastq", Map.of(), "reads-batches", Map.of("count", "4"), null,
                        OriginalRecords::fastq),
                new Sample("reads.fastq.gz", "fastq-gzip", Map.of(), "reads-per-slice", Map.of("reads", "1000"), null,
                        OriginalRecords::fastq),
                new Sample("calls.vcf", "vcf", Map.of(), "regions", Map.of("contigs", "true"), null,
                        OriginalRecords::vcfLines),
                new Sample("calls.vcf.gz", "vcf-bgzip", Map.of(), "chunks", Map.of("count", "3"), "fields",
                        OriginalRecords::vcfFields),
                // A binary format: one row per slice, a LAS file; together they hold every point once.
                new Sample("points.las", "las", Map.of("index-cells", "64"), "grid", Map.of("rows", "4", "cols", "4"), null,
                        f -> List.of()));
    }

    /** Partitions a file into a manifest object; returns its URI and slice count. */
    private static Map.Entry<String, Integer> partition(String format, Map<String, String> options, String strategy,
                                                       Map<String, String> params, ObjectLocation... objects) {
        List<ObjectInfo> infos = pipeline.preprocess(format, options, objects);
        List<Slice> slices = pipeline.partition(format, options, infos, strategy, params);
        ObjectLocation manifest = ObjectLocation.s3("meta", "manifests/m" + (manifests++) + ".jsonl");
        pipeline.store().put(manifest, Manifest.toJsonLines(slices));
        return Map.entry(manifest.toUri(), slices.size());
    }

    private static DataFrameReader dataplug() {
        return spark.read().format("dataplug").option("endpoint", S3.server().endpoint()).option("region", "us-east-1")
                .option("pathStyle", "true");
    }

    private static List<List<Object>> rows(Dataset<Row> df) {
        List<List<Object>> rows = new ArrayList<>();
        for (Row r : df.collectAsList()) {
            List<Object> v = new ArrayList<>(r.size());
            for (int i = 0; i < r.size(); i++) {
                v.add(r.get(i));
            }
            rows.add(v);
        }
        return rows;
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everySampleFormatGivesItsOriginalRecordsOnePartitionPerSlice(Sample sample) throws Exception {
        Path file = SAMPLES.resolve(sample.file());
        ObjectLocation loc = pipeline.put(sample.file(), Files.readAllBytes(file));
        if (Files.exists(SAMPLES.resolve(sample.file() + ".tbi"))) {
            pipeline.put(sample.file() + ".tbi", Files.readAllBytes(SAMPLES.resolve(sample.file() + ".tbi")));
        }
        Map.Entry<String, Integer> manifest = partition(sample.format(), sample.options(), sample.strategy(), sample.params(),
                loc);
        assertThat(manifest.getValue()).isGreaterThan(1);
        DataFrameReader reader = dataplug().option("manifest", manifest.getKey());
        Dataset<Row> df = (sample.layout() == null ? reader : reader.option("layout", sample.layout())).load();

        assertThat(df.rdd().getNumPartitions()).isEqualTo(manifest.getValue());
        List<List<Object>> rows = rows(df);
        if (sample.format().equals("las")) {
            assertThat(df.schema().fieldNames()).containsExactly("bytes");
            List<String> points = new ArrayList<>();
            rows.forEach(r -> points.addAll(OriginalRecords.lasPoints((byte[]) r.get(0))));
            assertThat(points).containsExactlyInAnyOrderElementsOf(OriginalRecords.lasPoints(Files.readAllBytes(file)));
        } else if (sample.format().equals("fasta")) {
            assertThat(df.schema().fieldNames()).containsExactly("name", "offset", "sequence");
            assertThat(rows.size()).isGreaterThan(3); // 3 contigs, cut into pieces
            assertThat(OriginalRecords.reassemble(rows)).containsExactlyEntriesOf(OriginalRecords.fasta(file));
        } else {
            assertThat(rows).isEqualTo(sample.original().apply(file));
        }
        if (sample.format().equals("csv")) {
            assertThat(List.of(df.schema().fieldNames())).isEqualTo(OriginalRecords.csv(file).get(0));
        }
    }

    @Test
    void aBinaryFormatFromAConfigMapFolderIsOneRowOfBytesPerSlice() throws Exception {
        List<byte[]> blobs = new ArrayList<>();
        List<ObjectLocation> objects = new ArrayList<>();
        Random rnd = new Random(9);
        for (int i = 0; i < 3; i++) {
            byte[] b = new byte[10_000 + i * 777];
            rnd.nextBytes(b);
            blobs.add(b);
            objects.add(pipeline.put("blobs/b" + i + ".bin", b));
        }
        List<Slice> slices = pipeline.partition("blob-test", Map.of(),
                pipeline.preprocess("blob-test", Map.of(), objects.toArray(ObjectLocation[]::new)), "objects", Map.of());
        Path mounted = Files.createDirectories(dir.resolve("configmap"));
        for (Slice s : slices) {
            Files.writeString(mounted.resolve(String.format("slice-%05d.json", s.index())), Json.string(s));
        }
        Dataset<Row> df = dataplug().option("manifest", mounted.toString()).load();
        assertThat(df.schema().fieldNames()).containsExactly("bytes");
        assertThat(df.rdd().getNumPartitions()).isEqualTo(3);
        List<List<Object>> rows = rows(df);
        assertThat(rows).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat((byte[]) rows.get(i).get(0)).isEqualTo(blobs.get(i));
        }
        assertThatThrownBy(() -> dataplug().option("manifest", mounted.toString()).option("layout", "lines").load())
                .hasMessageContaining("format blob-test has no records, so no layout 'lines'");
    }

    @Test
    void badManifestsAndOptionsFailWithAClearMessage() throws Exception {
        ObjectLocation loc = pipeline.put("short.txt", "a\nb\nc\nd\ne\nf\n".getBytes(StandardCharsets.US_ASCII));
        String manifest = partition("text", Map.of(), "chunks", Map.of("count", "3"), loc).getKey();
        String jsonl = new String(pipeline.store().readIfExists(ObjectLocation.parse(manifest)).orElseThrow(),
                StandardCharsets.UTF_8);
        Path truncated = Files.writeString(dir.resolve("truncated.jsonl"), jsonl.lines().limit(2)
                .reduce((a, b) -> a + "\n" + b).orElseThrow());
        assertThatThrownBy(() -> dataplug().option("manifest", truncated.toString()).load().collectAsList())
                .hasMessageContaining("holds 2 slices, but its slices say the partitioning has 3");
        assertThatThrownBy(() -> dataplug().option("manifest", manifest).option("pathstyel", "true").load())
                .hasMessageContaining("unknown option 'pathstyel'");
        assertThatThrownBy(() -> dataplug().option("manifest", manifest).option("allowedRoots", "s3://data/other/")
                .load().collectAsList()).hasMessageContaining("is not under the roots this reader allows");
        assertThat(rows(dataplug().option("manifest", manifest).load()))
                .containsExactly(List.of("a"), List.of("b"), List.of("c"), List.of("d"), List.of("e"), List.of("f"));
    }
}
