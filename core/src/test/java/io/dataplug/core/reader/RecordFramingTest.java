package io.dataplug.core.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import htsjdk.samtools.util.BlockCompressedOutputStream;
import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.format.FramedRecord;
import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.format.RecordColumn;
import io.dataplug.core.formats.fastq.FastqRead;
import io.dataplug.core.slice.Manifest;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.EmbeddedS3Extension;
import io.dataplug.core.testing.FastaGenerator;
import io.dataplug.core.testing.OriginalRecords;
import io.dataplug.core.testing.Pipeline;
import io.dataplug.core.testing.RequiresTools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every format's records, framed by the format and read through the reader API from a manifest in object
 * storage, equal the original file's records as independent readers see them (htsjdk, Python's csv, the JDK):
 * over slices cut at many places, on data with the edge cases (CRLF, no final line break, quoted line breaks,
 * '@' opening a quality line, a FASTA header that itself ends with {@code offset=<n>}).
 */
@RequiresTools("python3")
class RecordFramingTest {

    @RegisterExtension
    static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

    @TempDir
    static Path dir;

    private static Pipeline pipeline;
    private static int manifests;

    @BeforeAll
    static void start() {
        pipeline = Pipeline.s3(S3.server(), "framing/").chunkSize(16 << 10);
    }

    @AfterAll
    static void stop() {
        pipeline.close();
    }

    /** Preprocesses and partitions {@code data}, writes the manifest to S3 and returns every slice's records. */
    private static List<List<Object>> read(String name, byte[] data, String format, Map<String, String> options,
                                           String strategy, Map<String, String> params, String layout) throws IOException {
        Files.write(dir.resolve(name), data);
        ObjectLocation loc = pipeline.put(name, data);
        List<ObjectInfo> infos = pipeline.preprocess(format, options, loc);
        List<Slice> slices = pipeline.partition(format, options, infos, strategy, params);
        assertThat(slices.size()).as("slices of " + name).isGreaterThan(1);
        ObjectLocation manifest = ObjectLocation.s3("meta", "manifests/m" + (manifests++) + ".jsonl");
        pipeline.store().put(manifest, Manifest.toJsonLines(slices));
        List<List<Object>> rows = new ArrayList<>();
        try (DataplugReader reader = DataplugReader.open(manifest.toUri(),
                ReaderOptions.defaults().withStorage(pipeline.storage()))) {
            assertThat(reader.sliceCount()).isEqualTo(slices.size());
            for (int i = 0; i < slices.size(); i++) {
                try (RecordStream<FramedRecord> records = reader.slice(i).records(layout, FramedRecord.class)) {
                    List<RecordColumn> columns = records.columns();
                    records.forEachRemaining(r -> rows.add(values(r, columns.size())));
                }
            }
        }
        return rows;
    }

    static List<Object> values(FramedRecord r, int columns) {
        List<Object> v = new ArrayList<>(columns);
        for (int c = 0; c < columns; c++) {
            v.add(r.value(c));
        }
        return v;
    }

    @Test
    void textLines() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            sb.append(i % 11 == 0 ? "" : "line " + i + " é ü " + "x".repeat(i % 29)).append(i % 5 == 0 ? "\r\n" : "\n");
        }
        sb.append("last line without a terminator");
        byte[] data = sb.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(read("notes.txt", data, "text", Map.of(), "chunks", Map.of("count", "7"), null))
                .isEqualTo(OriginalRecords.lines(dir.resolve("notes.txt")));
    }

    @Test
    void csvRowsByHeaderAndAsValues() throws IOException {
        StringBuilder sb = new StringBuilder("id,name,note\r\n");
        for (int i = 0; i < 2000; i++) {
            String note = switch (i % 6) {
                case 0 -> "\"multi\nline, with \"\"quotes\"\"\"";
                case 1 -> "";
                case 2 -> "\"crlf\r\ninside\"";
                case 3 -> "\"\"";
                default -> "plain " + i;
            };
            sb.append(i).append(",name ").append(i % 13 == 0 ? "ß" : "n").append(',').append(note)
                    .append(i % 4 == 0 ? "\r\n" : "\n");
            if (i == 1000) {
                sb.append('\n'); // a blank row: no record for Python's csv or Spark, none here either
            }
        }
        byte[] data = sb.toString().getBytes(StandardCharsets.UTF_8);
        List<List<Object>> expected = OriginalRecords.csv(writeTemp("table-expected.csv", data));
        List<List<Object>> rows = read("table.csv", data, "csv", Map.of(), "chunks", Map.of("count", "7"), null);
        assertThat(rows).isEqualTo(expected.subList(1, expected.size()));

        List<List<Object>> values = read("table-values.csv", data, "csv", Map.of(), "chunks", Map.of("count", "5"), "value");
        assertThat(values).hasSize(2001); // every record but the header, the blank one included
        assertThat(values.get(0)).containsExactly("0,name ß,\"multi\nline, with \"\"quotes\"\"\"");
    }

    @Test
    void csvColumnsAreTheHeadersNames() throws IOException {
        byte[] data = "a,,c\n1,2,3\n4,5,6\n7,8,9\n".getBytes(StandardCharsets.UTF_8);
        ObjectLocation loc = pipeline.put("cols.csv", data);
        List<Slice> slices = pipeline.partition("csv", Map.of(), pipeline.preprocess("csv", Map.of(), loc), "chunks",
                Map.of("count", "2"));
        try (DataplugReader reader = open(slices)) {
            DataSlice s = reader.slice(1);
            assertThat(s.layouts()).containsExactly("header", "value");
            try (RecordStream<FramedRecord> r = s.records()) {
                assertThat(r.columns()).extracting(RecordColumn::name).containsExactly("a", "_c1", "c");
            }
            assertThatThrownBy(() -> s.records("fields", FramedRecord.class)).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("no record layout 'fields'").hasMessageContaining("header, value");
        }
    }

    @Test
    void aRaggedRowOrATwiceNamedColumnIsAnErrorNotAShiftedRow() throws IOException {
        for (String csv : List.of("a,b\n1,2\n3,4,5\n", "a,a\n1,2\n")) {
            ObjectLocation loc = pipeline.put("bad" + csv.length() + ".csv", csv.getBytes(StandardCharsets.UTF_8));
            List<Slice> slices = pipeline.partition("csv", Map.of(), pipeline.preprocess("csv", Map.of(), loc), "chunks",
                    Map.of("count", "1"));
            try (DataplugReader reader = open(slices)) {
                assertThatThrownBy(() -> {
                    try (RecordStream<FramedRecord> r = reader.slice(0).records()) {
                        r.forEachRemaining(x -> { });
                    }
                }).isInstanceOf(DataFormatException.class).hasMessageContaining("slice 0 of dataset test")
                        .hasMessageContaining("layout 'value'");
                try (RecordStream<FramedRecord> values = reader.slice(0).records("value", FramedRecord.class)) {
                    assertThat(values.stream().count()).isEqualTo(csv.lines().count() - 1);
                }
            }
        }
    }

    @Test
    void headerlessCsvIsReadAsValues() throws IOException {
        byte[] data = "1,2\n3,4\n".getBytes(StandardCharsets.UTF_8);
        Map<String, String> noHeader = Map.of("header", "false");
        ObjectLocation loc = pipeline.put("noheader.csv", data);
        List<Slice> slices = pipeline.partition("csv", noHeader, pipeline.preprocess("csv", noHeader, loc), "chunks",
                Map.of("count", "1"));
        try (DataplugReader reader = open(slices)) {
            DataSlice s = reader.slice(0);
            assertThat(s.layouts()).containsExactly("value", "header");
            try (RecordStream<FramedRecord> r = s.records()) {
                assertThat(r.stream().map(x -> x.value(0))).containsExactly("1,2", "3,4");
            }
            assertThatThrownBy(() -> s.records("header", FramedRecord.class)).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("header=true");
        }
    }

    private static byte[] fastq(int reads) {
        Random rnd = new Random(7);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < reads; i++) {
            int n = 20 + rnd.nextInt(120);
            sb.append("@read").append(i).append(i % 3 == 0 ? " desc " + i : "").append('\n')
                    .append(FastaGenerator.residues(rnd, n)).append("\n+\n");
            for (int j = 0; j < n; j++) {
                sb.append(j == 0 && i % 4 == 0 ? '@' : (char) ('!' + rnd.nextInt(40)));
            }
            sb.append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void fastqReads() throws IOException {
        byte[] data = fastq(1500);
        assertThat(read("reads.fastq", data, "fastq", Map.of(), "reads-batches", Map.of("count", "6"), null))
                .isEqualTo(OriginalRecords.fastq(dir.resolve("reads.fastq")));
    }

    @Test
    void gzipFastqReadsAsTheirOwnType() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write(fastq(1200));
        }
        assertThat(read("reads.fastq.gz", gz.toByteArray(), "fastq-gzip", Map.of(), "reads-per-slice",
                Map.of("reads", "250"), null)).isEqualTo(OriginalRecords.fastq(dir.resolve("reads.fastq.gz")));
        try (DataplugReader reader = DataplugReader.open("s3://meta/manifests/m" + (manifests - 1) + ".jsonl",
                ReaderOptions.defaults().withStorage(pipeline.storage()));
             RecordStream<FastqRead> reads = reader.slice(0).records(FastqRead.class)) {
            assertThat(reads.next().name()).isEqualTo("read0 desc 0");
        }
    }

    @Test
    void fastaPiecesReassembleToTheSequences() throws IOException {
        List<FastaGenerator.Record> records = new ArrayList<>(FastaGenerator.varied(new Random(3), 40, 3000));
        // A header that itself ends like a continuation header: the corrections, not the text, decide.
        records.add(1, new FastaGenerator.Record("tricky offset=7", FastaGenerator.residues(new Random(5), 900), 60));
        byte[] data = FastaGenerator.render(records, "\r\n", false);
        List<List<Object>> pieces = read("genome.fa", data, "fasta", Map.of(), "chunks", Map.of("count", "9"), null);
        assertThat(pieces.size()).isGreaterThan(records.size());
        assertThat(OriginalRecords.reassemble(pieces)).containsExactlyEntriesOf(OriginalRecords.fasta(dir.resolve("genome.fa")));
        assertThat(pieces).anySatisfy(p -> assertThat(p.get(0)).isEqualTo("tricky offset=7"));
    }

    private static byte[] vcf() {
        StringBuilder sb = new StringBuilder("##fileformat=VCFv4.2\n##contig=<ID=chr1>\n##contig=<ID=chr2>\n"
                + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\tS2\n");
        for (int i = 0; i < 900; i++) {
            sb.append(i < 500 ? "chr1" : "chr2").append('\t').append(100 + i * 13).append('\t')
                    .append(i % 7 == 0 ? "rs" + i : ".").append("\tA\tG,T\t").append(i % 9 == 0 ? "." : "50")
                    .append("\tPASS\tDP=").append(i % 60);
            if (i % 5 != 0) {
                sb.append("\tGT:DP\t0/1:").append(i % 30).append("\t1/1:3");
            }
            sb.append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void vcfLinesAndFields() throws IOException {
        byte[] data = vcf();
        assertThat(read("calls.vcf", data, "vcf", Map.of(), "chunks", Map.of("count", "5"), null))
                .isEqualTo(OriginalRecords.vcfLines(dir.resolve("calls.vcf")));
        assertThat(read("calls2.vcf", data, "vcf", Map.of(), "regions", Map.of("contigs", "true"), "fields"))
                .isEqualTo(OriginalRecords.vcfFields(dir.resolve("calls2.vcf")));
    }

    @Test
    void bgzipVcfFields() throws IOException {
        ByteArrayOutputStream bgzf = new ByteArrayOutputStream();
        try (BlockCompressedOutputStream out = new BlockCompressedOutputStream(bgzf, (Path) null)) {
            out.write(vcf());
        }
        assertThat(read("calls.vcf.gz", bgzf.toByteArray(), "vcf-bgzip", Map.of(), "chunks", Map.of("count", "3"), "fields"))
                .isEqualTo(OriginalRecords.vcfFields(dir.resolve("calls.vcf.gz")));
    }

    @Test
    void aBinaryFormatIsOneStream() throws IOException {
        byte[] blob = new byte[70_000];
        new Random(1).nextBytes(blob);
        ObjectLocation loc = pipeline.put("blob.bin", blob);
        List<Slice> slices = pipeline.partition("blob-test", Map.of(), pipeline.preprocess("blob-test", Map.of(), loc),
                "objects", Map.of());
        try (DataplugReader reader = open(slices)) {
            DataSlice s = reader.slice(0);
            assertThat(s.hasRecords()).isFalse();
            assertThat(s.layouts()).isEmpty();
            assertThatThrownBy(s::records).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("format blob-test has no records");
            try (InputStream in = s.open()) {
                assertThat(in.readAllBytes()).isEqualTo(blob);
            }
        }
    }

    private static DataplugReader open(List<Slice> slices) {
        ObjectLocation manifest = ObjectLocation.s3("meta", "manifests/m" + (manifests++) + ".jsonl");
        pipeline.store().put(manifest, Manifest.toJsonLines(slices));
        return DataplugReader.open(manifest.toUri(), ReaderOptions.defaults().withStorage(pipeline.storage()));
    }

    private static Path writeTemp(String name, byte[] data) throws IOException {
        return Files.write(dir.resolve(name), data);
    }
}
