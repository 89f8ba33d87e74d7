package io.dataplug.core.slice;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.StoreCache;
import io.dataplug.core.testing.EmbeddedS3Extension;
import io.dataplug.core.util.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Manifests of schema v1, written by the code before slices were typed (commit 79f016c, see
 * {@code src/test/resources/slices/v1/README.md}), still evaluate: every format, against the objects and
 * side files they were made from, served by the embedded S3 server. The manifests name the endpoint of the
 * server that made them; the test serves the same objects on a fresh port and substitutes it, nothing else.
 * Each result is compared with the original file read by an independent reader (the JDK's gzip for
 * fastq-gzip, plain byte and line comparisons for the others).
 */
class SliceSchemaV1Test {

    static final Path FIXTURE = Path.of("src/test/resources/slices/v1");
    static final String RECORDED_ENDPOINT = "http://127.0.0.1:35705";

    @RegisterExtension
    static final EmbeddedS3Extension S3 = new EmbeddedS3Extension("data", "meta");

    @BeforeAll
    static void upload() throws IOException {
        Path objects = FIXTURE.resolve("objects");
        try (var store = S3.server().store(); Stream<Path> files = Files.walk(objects)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path rel = objects.relativize(f);
                String bucket = rel.getName(0).toString();
                String key = rel.subpath(1, rel.getNameCount()).toString().replace('\\', '/');
                store.put(ObjectLocation.s3(bucket, key), Files.readAllBytes(f));
            }
        }
    }

    static List<Slice> manifest(String name) throws IOException {
        String text = Files.readString(FIXTURE.resolve("manifests").resolve(name), StandardCharsets.UTF_8);
        assertThat(text).contains("\"schema\":\"dataplug.io/slice/v1\"").contains(RECORDED_ENDPOINT);
        text = text.replace(RECORDED_ENDPOINT, S3.server().endpoint());
        return Manifest.fromJsonLines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), name);
    }

    /** Every slice evaluated; v1 slices reach the metadata store with the evaluator's own settings, as before. */
    static List<byte[]> evaluate(List<Slice> slices) {
        List<byte[]> out = new ArrayList<>();
        try (StoreCache stores = new StoreCache()) {
            SliceEvaluator evaluator = new SliceEvaluator(stores, S3.server().options());
            for (Slice s : slices) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                evaluator.evaluate(s, b);
                out.add(b.toByteArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static byte[] original(String file) throws IOException {
        return Files.readAllBytes(FIXTURE.resolve("objects/data/v1").resolve(file));
    }

    static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        parts.forEach(all::writeBytes);
        return all.toByteArray();
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void fastq() throws IOException {
        List<byte[]> got = evaluate(manifest("fastq-reads-batches.jsonl"));
        assertThat(got).hasSize(3).allSatisfy(b -> assertThat(b).isNotEmpty());
        assertThat(concat(got)).isEqualTo(original("reads.fq"));
    }

    @Test
    void fastqGzip() throws IOException {
        List<Slice> slices = manifest("fastq-gzip-reads-batches.jsonl");
        assertThat(slices).anySatisfy(s -> assertThat(Json.string(s.parts().get(0).corrections())).contains("\"window\""));
        byte[] expected;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(original("reads.fq.gz")))) {
            expected = in.readAllBytes();
        }
        assertThat(concat(evaluate(slices))).isEqualTo(expected);
    }

    @Test
    void text() throws IOException {
        assertThat(concat(evaluate(manifest("text-chunk-size.jsonl")))).isEqualTo(original("notes.txt"));
    }

    @Test
    void csvSlicesStartWithTheHeaderAndHoldTheRows() throws IOException {
        String table = text(original("table.csv"));
        String header = table.substring(0, table.indexOf("\r\n") + 2);
        StringBuilder rows = new StringBuilder();
        for (byte[] b : evaluate(manifest("csv-chunks.jsonl"))) {
            assertThat(text(b)).startsWith(header);
            rows.append(text(b).substring(header.length()));
        }
        assertThat(header + rows).isEqualTo(table);
    }

    @Test
    void fastaChunksRepeatTheHeaderWithAnOffset() throws IOException {
        StringBuilder joined = new StringBuilder();
        List<byte[]> got = evaluate(manifest("fasta-chunks.jsonl"));
        assertThat(got).hasSize(4);
        for (byte[] b : got) {
            String s = text(b);
            // a slice that starts inside a sequence begins with its header plus " offset=<n>": drop that line
            joined.append(s.startsWith(">") && s.substring(0, s.indexOf('\n')).contains(" offset=")
                    ? s.substring(s.indexOf('\n') + 1) : s);
        }
        assertThat(joined.toString()).isEqualTo(text(original("genome.fa")));
    }

    @Test
    void vcfPlainAndBgzipSlicesAreTheHeaderPlusTheirLines() throws IOException {
        String vcf = text(original("calls.vcf"));
        String header = vcf.substring(0, vcf.indexOf("\n#CHROM") + 1);
        header = vcf.substring(0, vcf.indexOf('\n', header.length()) + 1);
        String data = vcf.substring(header.length());
        for (String m : List.of("vcf-chunks.jsonl", "vcf-regions.jsonl", "vcf-bgzip-regions.jsonl")) {
            StringBuilder lines = new StringBuilder();
            for (byte[] b : evaluate(manifest(m))) {
                assertThat(text(b)).as(m).startsWith(header);
                lines.append(text(b).substring(header.length()));
            }
            assertThat(lines.toString()).as(m).isEqualTo(data);
        }
    }
}
