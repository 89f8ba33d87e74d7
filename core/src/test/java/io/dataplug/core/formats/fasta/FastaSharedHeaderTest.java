package io.dataplug.core.formats.fasta;

import static io.dataplug.core.formats.fasta.FastaChecks.text;
import static io.dataplug.core.formats.fasta.FastaRoundTripTest.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataplug.core.format.RecordBoundaryException;
import io.dataplug.core.formats.fasta.FastaChecks.Seq;
import io.dataplug.core.slice.InvalidSliceException;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SliceEvaluator;
import io.dataplug.core.storage.ObjectChangedException;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.ExternalTools;
import io.dataplug.core.testing.FastaGenerator;
import io.dataplug.core.testing.FastaGenerator.Record;
import io.dataplug.core.testing.Pipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repeated header of a {@code chunks} slice that starts inside a sequence: read as a whole line and shared by the
 * slices one evaluator evaluates (sequentially and on threads), checked against the object when a manifest names it
 * differently, and never taken from another version of the object. The part's end is checked from its own bytes.
 */
class FastaSharedHeaderTest {

    @TempDir
    Path dir;

    @AutoClose
    private Pipeline pipeline;

    @Test
    void oneEvaluatorForAllSlicesGivesWhatSamtoolsReads() throws Exception {
        ExternalTools.require("samtools");
        List<Record> genome = FastaGenerator.genome(new Random(21), 60, 50_000, 30_000, 20_000, 777);
        byte[] data = FastaGenerator.render(genome, "\n", true);
        Path file = dir.resolve("genome.fa");
        Files.write(file, data);
        assertThat(FastaChecks.run(dir, "samtools", "faidx", "genome.fa").exit()).isZero();
        List<Seq> truth = new ArrayList<>();
        FastaChecks.samtoolsSequences(file, genome.stream().map(Record::name).toList()).forEach((n, r) -> truth.add(new Seq(n, r)));

        pipeline = Pipeline.local(dir.resolve("p")).chunkSize(16 << 10);
        List<ObjectInfo> infos = pipeline.preprocess(FastaFormat.NAME, Map.of(), pipeline.put("genome.fa", data));
        List<Slice> slices = pipeline.partition(FastaFormat.NAME, Map.of(), infos, "chunks", Map.of("count", "60"));
        assertThat(slices.stream().filter(s -> s.parts(FastaCorrections.class).get(0).corrections().repeatsHeader()).count())
                .as("most slices repeat a header another slice repeats too").isGreaterThan(50);
        SliceEvaluator shared = pipeline.evaluator();
        List<byte[]> sequential = new ArrayList<>();
        for (Slice s : slices) {
            sequential.add(Pipeline.evaluate(shared, s));
        }
        FastaChecks.assertSameSeqs("one evaluator, sequential", truth, FastaChecks.reassemble(sequential));
        List<byte[]> parallel = Pipeline.evaluateOnThreads(pipeline.evaluator(), slices, 4);
        for (int i = 0; i < slices.size(); i++) {
            FastaChecks.assertSameBytes("slice " + i + " on 4 threads", sequential.get(i), parallel.get(i));
        }
    }

    @Test
    void aHeaderReadBeforeTheObjectChangedIsNotServedForIt() throws Exception {
        pipeline = Pipeline.local(dir.resolve("p")).chunkSize(64);
        ObjectLocation loc = pipeline.put("changing.fa", ascii(">a first\nACGT\nACGT\nACGT\n"));
        List<ObjectInfo> infos = pipeline.preprocess(FastaFormat.NAME, Map.of(), loc);
        List<Slice> slices = pipeline.partition(FastaFormat.NAME, Map.of(), infos, "chunks", Map.of("count", "3"));
        SliceEvaluator shared = pipeline.evaluator();
        assertThat(text(Pipeline.evaluate(shared, slices.get(1)))).isEqualTo(">a first offset=4\nACGT\n");
        Thread.sleep(5); // local ETags include the modification time
        pipeline.put("changing.fa", ascii(">b other\nACGT\nACGT\nACGT\n"));
        for (Slice s : slices) {
            assertThatThrownBy(() -> Pipeline.evaluate(shared, s)).isInstanceOf(ObjectChangedException.class);
        }
        List<Slice> again = pipeline.partition(FastaFormat.NAME, Map.of(),
                pipeline.preprocess(FastaFormat.NAME, Map.of(), loc), "chunks", Map.of("count", "3"));
        assertThat(text(Pipeline.evaluate(shared, again.get(1)))).isEqualTo(">b other offset=4\nACGT\n");
    }

    /** Hand-edited header fields and part ends: refused with the offset, never written as a wrong header line. */
    @Test
    void tamperedHeaderAndEndAreRefused() throws Exception {
        Slice good = sliceInsideTheFirstSequence();
        assertThat(text(pipeline.evaluate(good))).isEqualTo(">s1 first one offset=4\nCCCC\n");
        assertThat(text(evaluate(good, c -> { }))).as("the untampered JSON").isEqualTo(">s1 first one offset=4\nCCCC\n");
        assertThatThrownBy(() -> evaluate(good, c -> c.put("headerStart", 1))).isInstanceOf(RecordBoundaryException.class)
                .hasMessageContaining("no header line at [1, 13)");
        assertThatThrownBy(() -> evaluate(good, c -> c.put("headerEnd", 9))).isInstanceOf(RecordBoundaryException.class)
                .hasMessageContaining("no header line at [0, 9)");
        assertThatThrownBy(() -> evaluate(good, c -> c.put("headerEnd", 18))).as("a header running into the sequence")
                .isInstanceOf(RecordBoundaryException.class).hasMessageContaining("no header line at [0, 18)");
        assertThatThrownBy(() -> evaluate(good, c -> c.put("eol", "\r\n"))).isInstanceOf(RecordBoundaryException.class)
                .hasMessageContaining("ending with the part's eol");
        assertThatThrownBy(() -> evaluate(good, c -> c.put("headerEnd", 19))).isInstanceOf(InvalidSliceException.class)
                .hasMessageContaining("do not lie before the part");
        assertThatThrownBy(() -> pipeline.evaluate(Pipeline.edited(good, s -> ((ObjectNode) s.get("parts").get(0)).put("end", 21))))
                .isInstanceOf(RecordBoundaryException.class)
                .hasMessageContaining("the part's end 21 is not at the start of a line");
    }

    /**
     * A shared header range is checked for every slice that uses it, not only for the one that read it: a slice whose
     * hand-edited claims name the same range (headerStart 1 reads from byte 0, as headerStart 0 does) but break the
     * check is refused even after a good slice left the range in the evaluator.
     */
    @Test
    void aSharedRangeIsCheckedForEverySliceThatUsesIt() throws Exception {
        Slice good = sliceInsideTheFirstSequence();
        SliceEvaluator shared = pipeline.evaluator();
        assertThat(text(Pipeline.evaluate(shared, good))).isEqualTo(">s1 first one offset=4\nCCCC\n");
        Slice tampered = Pipeline.edited(good, s -> ((ObjectNode) s.get("parts").get(0).get("corrections")).put("headerStart", 1));
        assertThatThrownBy(() -> Pipeline.evaluate(shared, tampered)).isInstanceOf(RecordBoundaryException.class)
                .hasMessageContaining("no header line at [1, 13)");
        assertThat(text(Pipeline.evaluate(shared, good))).as("the good slice again").isEqualTo(">s1 first one offset=4\nCCCC\n");
    }

    /** The slice holding "CCCC", which repeats the header of the sequence it starts inside. */
    private Slice sliceInsideTheFirstSequence() {
        pipeline = Pipeline.local(dir.resolve("p")).chunkSize(8);
        // ">s1 first one" is [0, 13), its line feed at 13; "AAAA" [14, 18); "CCCC" [19, 23); "GG" [24, 26)
        byte[] data = ascii(">s1 first one\nAAAA\nCCCC\nGG\n>s2\nTT\n");
        List<ObjectInfo> infos = pipeline.preprocess(FastaFormat.NAME, Map.of(), pipeline.put("t.fa", data));
        return pipeline.partition(FastaFormat.NAME, Map.of(), infos, "chunks", Map.of("count", "100")).get(1);
    }

    /** {@code slice} evaluated with its first part's corrections edited by hand. */
    private byte[] evaluate(Slice slice, Consumer<ObjectNode> editCorrections) {
        return pipeline.evaluate(Pipeline.edited(slice, s -> editCorrections.accept((ObjectNode) s.get("parts").get(0).get("corrections"))));
    }
}
