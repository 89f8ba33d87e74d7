package io.dataplug.core.formats.vcf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataplug.core.format.RecordBoundaryException;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SliceEvaluator;
import io.dataplug.core.storage.ObjectChangedException;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.ExternalTools;
import io.dataplug.core.testing.Pipeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The header of a plain VCF slice comes from the object's own first bytes, fetched once by an evaluator for all its
 * slices of that object: the slices still give exactly what bcftools prints (header and data lines), in both index
 * modes, sequentially and on threads; a header read before the object changed is never served for it; and a
 * hand-edited {@code headerLength} is refused instead of cutting the header or writing data lines into it.
 */
class VcfSharedHeaderTest {

    private static final Map<String, String> CHECKPOINTS = Map.of();
    private static final Map<String, String> HEADER_ONLY = Map.of("index", "header-only");

    @TempDir
    Path dir;

    @AutoClose
    private Pipeline pipeline;

    @Test
    void oneEvaluatorForAllSlicesGivesWhatBcftoolsPrints() throws Exception {
        ExternalTools.require("bcftools");
        List<VcfTestData.Contig> contigs = List.of(new VcfTestData.Contig("1", 2_000_000), new VcfTestData.Contig("2", 900_000));
        Files.writeString(dir.resolve("gen.vcf"), VcfTestData.vcf(VcfTestData.header(contigs, 3, "\n"),
                VcfTestData.dataLines(contigs, 2500, 300, 3, 8), "\n"));
        ExternalTools.run(dir, "bcftools", "view", "--no-version", "-Ov", "-o", "tool.vcf", "gen.vcf");
        byte[] data = Files.readAllBytes(dir.resolve("tool.vcf"));
        String header = new String(ExternalTools.run(dir, "bcftools", "view", "-h", "--no-version", "tool.vcf"),
                StandardCharsets.US_ASCII);
        List<String> lines = ExternalTools.lines(ExternalTools.run(dir, "bcftools", "view", "-H", "tool.vcf"));
        assertThat(lines).hasSizeGreaterThan(4000);

        pipeline = Pipeline.local(dir.resolve("p")).chunkSize(64 << 10);
        ObjectLocation loc = pipeline.put("tool.vcf", data);
        for (Map<String, String> options : List.of(CHECKPOINTS, HEADER_ONLY)) {
            List<ObjectInfo> infos = pipeline.preprocess("vcf", options, loc);
            List<Slice> slices = pipeline.partition("vcf", options, infos, "chunks", Map.of("count", "24"));
            assertThat(slices).as("%s", options).hasSizeGreaterThan(10);
            SliceEvaluator shared = pipeline.evaluator();
            List<String> sequential = new ArrayList<>();
            for (Slice s : slices) {
                sequential.add(text(Pipeline.evaluate(shared, s)));
            }
            List<String> got = new ArrayList<>();
            for (String slice : sequential) {
                assertThat(slice).as("%s: every slice starts with the header", options).startsWith(header);
                got.addAll(ExternalTools.lines(slice.substring(header.length()).getBytes(StandardCharsets.US_ASCII)));
            }
            assertThat(got).as("%s: the data lines bcftools prints, in order", options).isEqualTo(lines);

            List<byte[]> parallel = Pipeline.evaluateOnThreads(pipeline.evaluator(), slices, 4);
            for (int i = 0; i < slices.size(); i++) {
                assertThat(text(parallel.get(i))).as("%s: slice %d on 4 threads", options, i).isEqualTo(sequential.get(i));
            }
        }
    }

    @Test
    void aHeaderReadBeforeTheObjectChangedIsNotServedForIt() throws Exception {
        pipeline = Pipeline.local(dir.resolve("p")).chunkSize(64);
        String before = "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n";
        String line = "chr1\t5\t.\tA\tC\t9\tPASS\tDP=3\n";
        ObjectLocation loc = pipeline.put("changing.vcf", (before + line + line).getBytes(StandardCharsets.US_ASCII));
        List<Slice> slices = pipeline.partition("vcf", HEADER_ONLY, pipeline.preprocess("vcf", HEADER_ONLY, loc), "chunks",
                Map.of("count", "2"));
        SliceEvaluator shared = pipeline.evaluator();
        assertThat(text(Pipeline.evaluate(shared, slices.get(0)))).isEqualTo(before + line);
        Thread.sleep(5); // local ETags include the modification time
        String after = "##fileformat=VCFv4.3\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n";
        pipeline.put("changing.vcf", (after + line + line).getBytes(StandardCharsets.US_ASCII));
        for (Slice s : slices) {
            assertThatThrownBy(() -> Pipeline.evaluate(shared, s)).isInstanceOf(ObjectChangedException.class);
        }
        List<Slice> again = pipeline.partition("vcf", HEADER_ONLY, pipeline.preprocess("vcf", HEADER_ONLY, loc),
                "chunks", Map.of("count", "2"));
        assertThat(text(Pipeline.evaluate(shared, again.get(0)))).isEqualTo(after + line);
    }

    /** headerLength names the header in the object itself: anything but its exact length is refused. */
    @Test
    void tamperedHeaderLengthIsRefused() throws Exception {
        pipeline = Pipeline.local(dir.resolve("p")).chunkSize(64);
        String meta = "##fileformat=VCFv4.2\n";
        String chrom = "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n";
        String line = "chr1\t5\t.\tA\tC\t9\tPASS\tDP=3\n";
        String vcf = meta + chrom + line + line.replace("\t5\t", "\t7\t");
        ObjectLocation loc = pipeline.put("t.vcf", vcf.getBytes(StandardCharsets.US_ASCII));
        for (Map<String, String> options : List.of(CHECKPOINTS, HEADER_ONLY)) {
            Slice good = pipeline.partition("vcf", options, pipeline.preprocess("vcf", options, loc), "chunks",
                    Map.of("count", "1")).get(0);
            long length = meta.length() + chrom.length();
            assertThat(text(evaluate(good, length))).as("%s, untampered", options).isEqualTo(vcf);
            assertThatThrownBy(() -> evaluate(good, meta.length())).as("%s: the #CHROM line cut off", options)
                    .isInstanceOf(RecordBoundaryException.class).hasMessageContaining("its last line is not the #CHROM line");
            assertThatThrownBy(() -> evaluate(good, length + line.length())).as("%s: a data line taken in", options)
                    .isInstanceOf(RecordBoundaryException.class).hasMessageContaining("is not a # line");
            assertThatThrownBy(() -> evaluate(good, length - 3)).as("%s: cut inside the #CHROM line", options)
                    .isInstanceOf(RecordBoundaryException.class).hasMessageContaining("ends inside a line");
            assertThatThrownBy(() -> evaluate(good, 0)).isInstanceOf(RecordBoundaryException.class)
                    .hasMessageContaining("its last line is not the #CHROM line");
            assertThatThrownBy(() -> evaluate(good, vcf.length() + 1)).isInstanceOf(RecordBoundaryException.class)
                    .hasMessageContaining("the object has " + vcf.length() + " bytes");
        }
        // a second #CHROM line right after the first: a header that stops at the first one is not the whole header
        String twice = meta + chrom + chrom + line;
        ObjectLocation t = pipeline.put("twice.vcf", twice.getBytes(StandardCharsets.US_ASCII));
        Slice whole = pipeline.partition("vcf", CHECKPOINTS, pipeline.preprocess("vcf", CHECKPOINTS, t), "chunks",
                Map.of("count", "1")).get(0);
        assertThat(text(evaluate(whole, meta.length() + 2L * chrom.length()))).isEqualTo(twice);
        assertThatThrownBy(() -> evaluate(whole, meta.length() + chrom.length())).isInstanceOf(RecordBoundaryException.class)
                .hasMessageContaining("a # line follows it");
    }

    /** {@code slice} evaluated with {@code headerLength} edited by hand. */
    private byte[] evaluate(Slice slice, long headerLength) {
        return pipeline.evaluate(Pipeline.edited(slice,
                s -> ((ObjectNode) s.get("parts").get(0).get("corrections")).put("headerLength", headerLength)));
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }
}
