package io.dataplug.core.formats.fasta;

import static io.dataplug.core.formats.fasta.FastaChecks.concat;
import static io.dataplug.core.formats.fasta.FastaChecks.evaluate;
import static io.dataplug.core.formats.fasta.FastaChecks.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.core.formats.fasta.FastaChecks.Seq;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.storage.ObjectChangedException;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.ExternalTools;
import io.dataplug.core.testing.FastaGenerator;
import io.dataplug.core.testing.FastaGenerator.Record;
import io.dataplug.core.testing.Pipeline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round trips of the fasta format (preprocess in small chunks, partition, evaluate every slice) on data from
 * our generator and from samtools/wgsim, checked against an independent reader and against samtools:
 * the .fai byte for byte, {@code chunks} slices reassembled per sequence through their {@code offset=}
 * headers, the slices' concatenation (continuation headers removed) against the original bytes, and
 * {@code sequences} slices as whole records. Subclasses run it on local files and on the embedded S3 server.
 */
abstract class FastaRoundTripTest {

    static final int[] COUNTS = {1, 2, 7, 64};

    @TempDir
    Path work;

    private final List<Pipeline> opened = new ArrayList<>();

    /** A fresh pipeline (own data and metadata roots) for one test. */
    abstract Pipeline newPipeline(String test);

    /**
     * Whether to run the costliest variants here (more slices than lines on the larger generated files, 3-byte
     * chunks on the edge objects, our own 80-column copy of the genome besides samtools' 60-column one).
     * Local runs do; over HTTP they would only repeat the same checks slowly.
     */
    abstract boolean thorough();

    Pipeline pipeline(String test, long chunkSize) {
        Pipeline p = newPipeline(test).chunkSize(chunkSize);
        opened.add(p);
        return p;
    }

    @AfterEach
    void closePipelines() {
        opened.forEach(Pipeline::close);
    }

    @Test
    void generatedRecordsWithLfEndings() {
        List<Record> records = FastaGenerator.varied(new Random(11), 16, 500);
        check(pipeline("lf", 512), "varied-lf.fa", FastaGenerator.render(records, "\n", true), records, thorough());
    }

    @Test
    void generatedRecordsWithCrlfEndingsAndNoFinalNewline() {
        List<Record> records = FastaGenerator.varied(new Random(12), 16, 500);
        check(pipeline("crlf", 500), "varied-crlf.fa", FastaGenerator.render(records, "\r\n", false), records, thorough());
    }

    @Test
    void smallEdgeObjects() {
        Pipeline p = pipeline("edges", thorough() ? 3 : 16);
        check(p, "empty.fa", new byte[0], List.of(), true);
        check(p, "lone-header.fa", ascii(">only one header"), List.of(new Record("only one header", "", 0)), true);
        check(p, "lone-header-lf.fa", ascii(">only\n"), List.of(new Record("only", "", 0)), true);
        check(p, "one-residue.fa", ascii(">x\nA"), List.of(new Record("x", "A", 1)), true);
        check(p, "blank-lines.fa", ascii("\n\r\n>a desc\nACGTA\nCG\n\n\n>b\r\n\r\n>c\nAC\nGT\n\n"), null, true);
        check(p, "empty-sequences.fa", ascii(">e1\n>e2\n>s\nACGT\nAC\n>e3\n>t\nA\n"), null, true);
        check(p, "duplicate-names.fa", ascii(">d first\nACGT\nA\n>d second\nCCCC\n>u\nG\n"), null, true);
        check(p, "crlf-empty.fa", ascii(">a\r\n\r\n>b\r\nACG\r\nT\r\n"), null, true);
    }

    @Test
    void megabyteSingleLineSequence() {
        Random rnd = new Random(13);
        List<Record> records = List.of(
                new Record("before small", FastaGenerator.residues(rnd, 100), 60),
                new Record("huge one line", FastaGenerator.residues(rnd, 1 << 20), 0),
                new Record("after", FastaGenerator.residues(rnd, 333), 70));
        check(pipeline("megabyte", 16 << 10), "one-line.fa", FastaGenerator.render(records, "\n", false), records, false);
    }

    /** A genome we generate, wrapped at 80 columns and indexed by samtools; then re-written by samtools at 60. */
    @Test
    void referenceGenomeWrittenBySamtools() throws IOException {
        ExternalTools.require("samtools");
        List<Record> genome = FastaGenerator.genome(new Random(14), 80, 900_000, 600_000, 300_000, 200_000, 100_000, 777);
        byte[] ours = FastaGenerator.render(genome, "\n", true);
        Path raw = work.resolve("genome80.fa");
        Files.write(raw, ours);
        List<String> names = genome.stream().map(Record::name).toList();
        List<String> cmd = new ArrayList<>(List.of("samtools", "faidx", raw.toString(), "-o", work.resolve("ref60.fa").toString()));
        cmd.addAll(names);
        ExternalTools.Result r = FastaChecks.run(null, cmd.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        byte[] ref60 = Files.readAllBytes(work.resolve("ref60.fa"));
        assertThat(text(ref60)).startsWith(">chr1\n").contains("\n" + genome.get(0).residues().substring(60, 120) + "\n");
        Pipeline p = pipeline("genome", 64 << 10);
        if (thorough()) {
            check(p, "genome80.fa", ours, genome, false);
        }
        check(p, "ref60.fa", ref60, genome, false);
    }

    /** Many short records, as samtools writes reads simulated by wgsim. */
    @Test
    void wgsimReadsWrittenBySamtools() throws IOException {
        ExternalTools.require("samtools");
        ExternalTools.require("wgsim");
        List<Record> genome = FastaGenerator.genome(new Random(15), 60, 40_000, 25_000);
        Files.write(work.resolve("small-genome.fa"), FastaGenerator.render(genome, "\n", true));
        ExternalTools.Result sim = FastaChecks.run(work, "wgsim", "-S", "5", "-N", "1000", "-1", "120", "-2", "120",
                "small-genome.fa", "r1.fq", "r2.fq");
        assertThat(sim.exit()).as(sim.err()).isZero();
        ExternalTools.Result fa = FastaChecks.run(work, "samtools", "fasta", "r1.fq");
        assertThat(fa.exit()).as(fa.err()).isZero();
        assertThat(FastaChecks.read(fa.out()).size()).isEqualTo(1000);
        check(pipeline("reads", 8 << 10), "reads.fa", fa.out(), null, false);
    }

    @Test
    void objectChangedAfterPreprocessingIsRefused() throws Exception {
        Pipeline p = pipeline("changed", 64);
        byte[] data = ascii(">a\nACGTACGT\nACGT\n>b\nGGGG\n");
        ObjectLocation loc = p.put("changing.fa", data);
        List<ObjectInfo> infos = p.preprocess(FastaFormat.NAME, Map.of(), loc);
        List<Slice> slices = p.partition(FastaFormat.NAME, Map.of(), infos, "chunks", Map.of("count", "3"));
        assertThat(slices).hasSize(3);
        Thread.sleep(5); // local ETags include the modification time
        p.put("changing.fa", ascii(">a\nACGTACGT\nACGT\n>b\nGGGG\nTT\n"));
        for (Slice s : slices) {
            assertThatThrownBy(() -> p.evaluate(s)).isInstanceOf(ObjectChangedException.class)
                    .hasMessageContaining("changing.fa");
        }
    }

    // ---- the checks ----

    /**
     * Preprocesses {@code data} and checks both strategies for every count in {@link #COUNTS} (and, when
     * {@code moreThanLines}, a count above the number of lines).
     *
     * @param truth the records that were written, or null to rely on the independent reader
     */
    void check(Pipeline p, String name, byte[] data, List<Record> truth, boolean moreThanLines) {
        ObjectLocation loc = p.put(name, data);
        List<ObjectInfo> infos = p.preprocess(FastaFormat.NAME, Map.of(), loc);
        List<Seq> expected = FastaChecks.read(data);
        if (truth != null) {
            FastaChecks.assertSameSeqs(name + ": the independent reader against the generator",
                    truth.stream().map(r -> new Seq(r.name(), r.residues())).toList(), expected);
        }
        Map<String, String> samtools = samtoolsView(name, data, FastaChecks.fai(p, infos.get(0)));
        List<Integer> counts = new ArrayList<>(IntStream.of(COUNTS).boxed().toList());
        if (moreThanLines) {
            counts.add(FastaChecks.lineCount(data) + 3);
        }
        for (int count : counts) {
            String what = name + " count=" + count;
            List<byte[]> chunks = evaluate(p, p.partition(FastaFormat.NAME, Map.of(), infos, "chunks",
                    Map.of("count", String.valueOf(count))));
            checkSlices(what + " chunks", data, chunks, count);
            assertThat(chunks.size()).as("%s: chunks made", what).isEqualTo(Math.min(count, FastaChecks.chunkCutPoints(data)));
            FastaChecks.assertSameBytes(what + ": chunks without continuation headers against the object", data,
                    concat(chunks.stream().map(FastaChecks::withoutContinuation).toList()));
            List<Seq> reassembled = FastaChecks.reassemble(chunks);
            FastaChecks.assertSameSeqs(what + ": reassembled chunks", expected, reassembled);
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (Seq s : reassembled) {
                if (seen.add(s.name()) && samtools.containsKey(s.name())) { // samtools knows a name's first record
                    assertThat(s.residues()).as("%s: sequence %s against samtools faidx", what, s.name())
                            .isEqualTo(samtools.get(s.name()));
                }
            }

            List<byte[]> records = evaluate(p, p.partition(FastaFormat.NAME, Map.of(), infos, "sequences",
                    Map.of("count", String.valueOf(count))));
            checkSlices(what + " sequences", data, records, count);
            FastaChecks.assertSameBytes(what + ": sequences slices against the object", data, concat(records));
            int whole = 0;
            for (byte[] slice : records) {
                assertThat(FastaChecks.withoutContinuation(slice).length).as("%s: no continuation headers", what)
                        .isEqualTo(slice.length);
                whole += FastaChecks.read(slice).size();
            }
            assertThat(whole).as("%s: every record is in exactly one slice", what).isEqualTo(expected.size());
            if (count == 1) {
                assertThat(records.size()).isEqualTo(data.length == 0 ? 0 : 1);
            }
            if (count >= expected.size() && count > 1 && !expected.isEmpty()) {
                assertThat(records.size()).as("%s: one slice per record when asked for more", what).isEqualTo(expected.size());
            }
        }
    }

    /** Slices are never empty, at most {@code count}, and each is FASTA text starting with a header line. */
    private static void checkSlices(String what, byte[] data, List<byte[]> slices, int count) {
        assertThat(slices.size()).as("%s: slice count", what).isLessThanOrEqualTo(count);
        if (data.length > 0) {
            assertThat(slices.size()).as(what).isPositive();
        }
        for (int i = 0; i < slices.size(); i++) {
            byte[] s = slices.get(i);
            assertThat(s.length).as("%s: slice %d is not empty", what, i).isPositive();
            if (i > 0 || data[0] == '>') {
                assertThat((char) s[0]).as("%s: slice %d starts with a header line", what, i).isEqualTo('>');
            }
            if (i + 1 < slices.size()) {
                assertThat((char) s[s.length - 1]).as("%s: slice %d ends with a whole line", what, i).isEqualTo('\n');
            }
        }
    }

    /** The .fai must equal samtools' own; returns what samtools faidx outputs per name (empty if it refuses). */
    private Map<String, String> samtoolsView(String name, byte[] data, byte[] ourFai) {
        if (!ExternalTools.has("samtools")) {
            return Map.of();
        }
        Path dir = work.resolve("samtools-" + name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        byte[] theirs = FastaChecks.samtoolsFai(dir, name, data);
        if (theirs == null) {
            return Map.of();
        }
        assertThat(text(ourFai)).as("%s: .fai against samtools faidx", name).isEqualTo(text(theirs));
        // samtools cannot fetch empty sequences (it divides by LINEBASES 0) nor names that look like regions
        List<String> names = FastaChecks.lines(text(theirs)).stream().map(l -> l.split("\t"))
                .filter(f -> !f[0].isEmpty() && !f[0].contains(":") && !f[1].equals("0")).map(f -> f[0]).toList();
        return FastaChecks.samtoolsSequences(dir.resolve(name), names);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
