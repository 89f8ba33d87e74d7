package io.dataplug.core.formats.fasta;

import static io.dataplug.core.formats.fasta.FastaChecks.text;
import static io.dataplug.core.formats.fasta.FastaRoundTripTest.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.format.Formats;
import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.formats.fasta.FastaChecks.Seq;
import io.dataplug.core.index.IndexedObject;
import io.dataplug.core.slice.Manifest;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.ExternalTools;
import io.dataplug.core.testing.FastaGenerator;
import io.dataplug.core.testing.FastaGenerator.Record;
import io.dataplug.core.testing.Pipeline;
import io.dataplug.core.util.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fasta format on local files: exact slice semantics, chunking invariance, the index, bad input. */
class FastaFormatTest {

    private static final Map<String, String> NO_OPTIONS = Map.of();

    @TempDir
    Path dir;

    private final List<Pipeline> opened = new ArrayList<>();
    private int pipelines;

    private Pipeline pipeline(long chunkSize) {
        Pipeline p = Pipeline.local(dir.resolve("p" + pipelines++)).chunkSize(chunkSize);
        opened.add(p);
        return p;
    }

    @AfterEach
    void close() {
        opened.forEach(Pipeline::close);
    }

    @Test
    void isRegisteredWithItsStrategies() {
        assertThat(Formats.get("fasta")).isInstanceOf(FastaFormat.class);
        assertThat(Formats.get("fasta").strategies()).extracting(s -> s.name()).containsExactly("chunks", "sequences");
    }

    @Test
    void chunksSliceInsideASequenceRepeatsItsHeaderWithTheResidueOffset() {
        Pipeline p = pipeline(8);
        byte[] data = ascii(">s1 first one\nAAAA\nCCCC\nGG\n>s2\nTT\n");
        ObjectLocation loc = p.put("exact.fa", data);
        List<ObjectInfo> infos = p.preprocess("fasta", NO_OPTIONS, loc);
        List<Slice> slices = p.partition("fasta", NO_OPTIONS, infos, "chunks", Map.of("count", "2"));
        assertThat(slices).hasSize(2);
        // 34 bytes: the cut nearest to byte 17 is the start of line "CCCC" (byte 19)
        assertThat(slices.get(0).parts().get(0).end()).isEqualTo(19);
        assertThat(Json.string(slices.get(1).parts().get(0).corrections()))
                .isEqualTo("{\"headerStart\":0,\"headerEnd\":13,\"offset\":4,\"eol\":\"\\n\"}");
        assertThat(text(p.evaluate(slices.get(0)))).isEqualTo(">s1 first one\nAAAA\n");
        assertThat(text(p.evaluate(slices.get(1)))).isEqualTo(">s1 first one offset=4\nCCCC\nGG\n>s2\nTT\n");
        Slice fromManifest = Manifest.fromJsonLines(new java.io.ByteArrayInputStream(Manifest.toJsonLines(slices)), "test").get(1);
        assertThat(text(p.evaluate(fromManifest))).as("evaluated from its JSON form").isEqualTo(">s1 first one offset=4\nCCCC\nGG\n>s2\nTT\n");

        List<String> all = p.partition("fasta", NO_OPTIONS, infos, "chunks", Map.of("count", "100")).stream()
                .map(s -> text(p.evaluate(s))).toList();
        assertThat(all).containsExactly(">s1 first one\nAAAA\n", ">s1 first one offset=4\nCCCC\n",
                ">s1 first one offset=8\nGG\n", ">s2\nTT\n");
        List<String> records = p.partition("fasta", NO_OPTIONS, infos, "sequences", Map.of("count", "100")).stream()
                .map(s -> text(p.evaluate(s))).toList();
        assertThat(records).containsExactly(">s1 first one\nAAAA\nCCCC\nGG\n", ">s2\nTT\n");
    }

    @Test
    void crlfContinuationHeadersEndWithCrlf() {
        Pipeline p = pipeline(5);
        ObjectLocation loc = p.put("crlf.fa", ascii(">a x\r\nACG\r\nTTT\r\nG"));
        List<ObjectInfo> infos = p.preprocess("fasta", NO_OPTIONS, loc);
        List<String> all = p.partition("fasta", NO_OPTIONS, infos, "chunks", Map.of("count", "9")).stream()
                .map(s -> text(p.evaluate(s))).toList();
        assertThat(all).containsExactly(">a x\r\nACG\r\n", ">a x offset=3\r\nTTT\r\n", ">a x offset=6\r\nG");
    }

    @Test
    void indexIsTheSameForEveryChunkSize() {
        StringBuilder sb = new StringBuilder("\r\n\n>first record, with a description long enough to cross chunks\r\n");
        sb.append("ACGTACGTAC\r\n".repeat(3)).append("ACG\r\n\r\n>e1\r\n>x\r\nA\r\n>lf only\nACGTA\nACGTA\nAC\n\n");
        sb.append(">crlf-empty\r\n\r\n>one-line ").append("N".repeat(40)).append('\n').append("acgt".repeat(12)).append('\n');
        sb.append(">last\tno newline\nAC\nG");
        byte[] data = ascii(sb.toString());
        String index = null;
        String fai = null;
        for (long chunk : new long[] {1, 3, 5, 64, 1 << 20}) {
            Pipeline p = pipeline(chunk);
            ObjectInfo info = p.preprocess("fasta", NO_OPTIONS, p.put("tricky.fa", data)).get(0);
            String i = text(FastaChecks.index(p, info));
            String f = text(FastaChecks.fai(p, info));
            if (index == null) {
                index = i;
                fai = f;
            }
            assertThat(i).as("index with %d-byte chunks", chunk).isEqualTo(index);
            assertThat(f).as(".fai with %d-byte chunks", chunk).isEqualTo(fai);
        }
        JsonNode json = Json.read(index, JsonNode.class);
        assertThat(json.get("sequences").asLong()).isEqualTo(7);
        assertThat(json.get("records").get(0).toString()).isEqualTo("[\"first\",3,2,66,33,10,12]");
        assertThat(json.get("endsWithNewline").asBoolean()).isFalse();
        if (ExternalTools.has("samtools")) {
            assertThat(fai).isEqualTo(text(FastaChecks.samtoolsFai(dir, "tricky.fa", data)));
        }
    }

    @Test
    void attributesCountSequencesAndResidues() {
        Pipeline p = pipeline(16);
        List<Record> records = FastaGenerator.varied(new Random(3), 12, 300);
        ObjectLocation loc = p.put("attrs.fa", FastaGenerator.render(records, "\n", true));
        List<ObjectInfo> infos = p.preprocess("fasta", NO_OPTIONS, loc);
        IndexedObject o = p.indexes("fasta", NO_OPTIONS, infos).get(0);
        assertThat(o.attributes()).containsEntry("sequences", 12L)
                .containsEntry("residues", records.stream().mapToLong(r -> r.residues().length()).sum())
                .doesNotContainKey("bytes");
    }

    @Test
    void slicesSpanningObjectsStayValidFasta() {
        Pipeline p = pipeline(7);
        Random rnd = new Random(5);
        List<Record> ra = FastaGenerator.varied(rnd, 5, 200);
        List<Record> rb = FastaGenerator.varied(rnd, 4, 200);
        List<Record> rc = FastaGenerator.varied(rnd, 3, 200);
        byte[] a = FastaGenerator.render(ra, "\n", false);
        byte[] b = FastaGenerator.render(rb, "\r\n", false);
        byte[] c = FastaGenerator.render(rc, "\n", true);
        List<ObjectInfo> infos = p.preprocess("fasta", NO_OPTIONS, p.put("m/a.fa", a), p.put("m/empty.fa", new byte[0]),
                p.put("m/b.fa", b), p.put("m/c.fa", c));
        List<Seq> expected = new ArrayList<>();
        for (List<Record> rs : List.of(ra, rb, rc)) {
            rs.forEach(r -> expected.add(new Seq(r.name(), r.residues())));
        }
        for (String strategy : List.of("chunks", "sequences")) {
            for (int count : new int[] {1, 2, 3, 5, 64, 10_000}) {
                String what = strategy + " count=" + count;
                List<Slice> slices = p.partition("fasta", NO_OPTIONS, infos, strategy, Map.of("count", String.valueOf(count)));
                List<byte[]> out = FastaChecks.evaluate(p, slices);
                for (byte[] s : out) {
                    assertThat((char) s[0]).as(what).isEqualTo('>');
                }
                FastaChecks.assertSameSeqs(what, expected, FastaChecks.reassemble(out));
                if (count == 1) {
                    FastaChecks.assertSameBytes(what, FastaChecks.concat(List.of(a, ascii("\n"), b, ascii("\r\n"), c)), out.get(0));
                }
                if (strategy.equals("sequences") && count >= expected.size()) {
                    assertThat(out).hasSize(expected.size());
                }
            }
        }
    }

    @Test
    void chunksAreBalancedByBytes() {
        List<Record> genome = FastaGenerator.genome(new Random(9), 60, 250_000, 120_000, 90_000, 41);
        byte[] data = FastaGenerator.render(genome, "\n", true);
        Pipeline p = pipeline(64 << 10);
        List<ObjectInfo> infos = p.preprocess("fasta", NO_OPTIONS, p.put("balanced.fa", data));
        for (int count : new int[] {2, 7, 64, 500}) {
            List<Slice> slices = p.partition("fasta", NO_OPTIONS, infos, "chunks", Map.of("count", String.valueOf(count)));
            assertThat(slices).hasSize(count);
            double ideal = (double) data.length / count;
            for (Slice s : slices) {
                // every cut is within one line (plus a header line) of its ideal position
                assertThat(Math.abs(s.bytes() - ideal)).as("count %d slice %d", count, s.index()).isLessThan(2 * 61 + 8);
            }
        }
    }

    @Test
    void badCountIsAUsageError() {
        Pipeline p = pipeline(1 << 20);
        List<ObjectInfo> infos = p.preprocess("fasta", NO_OPTIONS, p.put("ok.fa", ascii(">a\nAC\n")));
        assertThatThrownBy(() -> p.partition("fasta", NO_OPTIONS, infos, "chunks", Map.of("count", "0")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("count");
        assertThatThrownBy(() -> p.partition("fasta", NO_OPTIONS, infos, "sequences", Map.of()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("missing required parameter 'count'");
    }

    // ---- bad input: DataFormatException naming the object, the byte offset and the line ----

    @Test
    void textThatIsNotFasta() {
        expectError("words.fa", ascii("hello world\n>a\nACGT\n"), 0, 1, "not FASTA", 1 << 20, 1, 4);
        expectError("reads.fq", ascii("@r1\nACGT\n+\nIIII\n"), 0, 1, "looks like FASTQ", 1 << 20, 1);
        expectError("leading-blank.fa", ascii("\n\r\nACGT\n>a\nAC\n"), 3, 3, "not FASTA", 1 << 20, 1, 2);
    }

    @Test
    void gzipCompressedData() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
            gz.write(ascii(">a\nACGT\n>b\nAC\n"));
        }
        expectError("reads.fa.gz", buf.toByteArray(), 0, 1, "gzip-compressed", 1 << 20, 64, 1);
    }

    @Test
    void truncatedDownloadPaddedWithZeros() {
        byte[] valid = FastaGenerator.render(FastaGenerator.genome(new Random(2), 60, 3000, 2000), "\n", true);
        byte[] data = Arrays.copyOf(valid, valid.length + 5000);
        expectError("zero-padded.fa", data, valid.length, FastaChecks.lineCount(valid), "NUL byte", 1 << 20, 1024, 97);
    }

    @Test
    void binaryGarbage() {
        byte[] garbage = new byte[20_000];
        new Random(4).nextBytes(garbage);
        garbage[0] = 'x';
        expectError("garbage.bin", garbage, 0, 1, "not FASTA", 1 << 20, 1000);
        garbage[0] = '>';
        Pipeline p = pipeline(1000);
        ObjectLocation loc = p.put("header-then-garbage.bin", garbage);
        assertThatThrownBy(() -> p.preprocess("fasta", NO_OPTIONS, loc))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("header-then-garbage.bin");
    }

    @Test
    void linesOfTheWrongLength() {
        expectError("longer.fa", ascii(">a\nACGT\nACGTA\nAC\n"), 8, 3, "line of sequence 'a' is 6 bytes long", 1 << 20, 1, 3);
        expectError("after-short.fa", ascii(">a\nACGT\nAC\nACGT\n>b\nA\n"), 11, 4, "follows the shorter last line of sequence 'a'", 1 << 20, 1, 5);
        expectError("mixed-eol.fa", ascii(">a\nACGT\nACG\r\nACGT\n"), 13, 4, "follows the shorter last line", 1 << 20, 2);
        expectError("after-blank.fa", ascii(">a\nACGT\n\nACGT\n"), 9, 4, "follows a blank line", 1 << 20, 1, 3);
    }

    @Test
    void unexpectedBytesInSequenceLines() {
        expectError("space.fa", ascii(">a\nAC GT\nACGTA\n"), 5, 2, "a space", 1 << 20, 1, 4);
        expectError("cr.fa", ascii(">a\nAC\rGT\n"), 5, 2, "carriage return", 1 << 20, 1, 2);
        expectError("tab-last-line.fa", ascii(">a\nACGT\nA\tC"), 9, 3, "a tab", 1 << 20, 1);
    }

    @Test
    void headerLineLongerThanOneMebibyte() {
        byte[] data = ascii(">" + "x".repeat(FastaChunkScanner.MAX_HEADER_LINE + 5) + "\nACGT\n");
        expectError("long-header.fa", data, 0, 1, "header line longer than", 1 << 20, 256 << 10);
    }

    /** The same error, word for word apart from the object's URI, whatever the chunk size. */
    private void expectError(String name, byte[] data, long offset, long line, String problem, long... chunkSizes) {
        java.util.Set<String> messages = new java.util.HashSet<>();
        for (long chunk : chunkSizes) {
            Pipeline p = pipeline(chunk);
            ObjectLocation loc = p.put(name, data);
            assertThatThrownBy(() -> p.preprocess("fasta", NO_OPTIONS, loc)).as("%s with %d-byte chunks", name, chunk)
                    .isInstanceOf(DataFormatException.class)
                    .hasMessageContaining(loc.toUri())
                    .hasMessageContaining(" at byte " + offset + " (line " + line + "): ")
                    .hasMessageContaining(problem)
                    .satisfies(e -> assertThat(((DataFormatException) e).offset()).isEqualTo(offset))
                    .satisfies(e -> messages.add(e.getMessage().replace(loc.toUri(), "<object>")));
        }
        assertThat(messages).as("%s: messages for all chunk sizes", name).hasSize(1);
    }

    /**
     * Differential test on random small layouts (headers, lines of the record's width or shorter or longer,
     * blank lines, LF/CRLF per record, missing final terminator): where samtools faidx accepts a file we
     * accept it with the same .fai; where it refuses one we refuse it too, unless only its last record
     * lacks a sequence (which we accept). Random chunk sizes.
     */
    @Test
    void agreesWithSamtoolsOnRandomLayouts() throws IOException {
        ExternalTools.require("samtools");
        Random rnd = new Random(77);
        int accepted = 0;
        int refused = 0;
        for (int file = 0; file < 60; file++) {
            StringBuilder sb = new StringBuilder();
            if (rnd.nextInt(8) == 0) {
                sb.append("\n");
            }
            int records = 1 + rnd.nextInt(4);
            for (int r = 0; r < records; r++) {
                String eol = rnd.nextInt(3) == 0 ? "\r\n" : "\n";
                sb.append('>').append("r").append(rnd.nextInt(4)).append(rnd.nextBoolean() ? " d" : "").append(eol);
                int width = 1 + rnd.nextInt(6);
                int lines = rnd.nextInt(4);
                for (int l = 0; l < lines; l++) {
                    int w = switch (rnd.nextInt(12)) {
                        case 0 -> width + 1;
                        case 1, 2 -> Math.max(1, width - 1 - rnd.nextInt(width));
                        default -> width;
                    };
                    sb.append(FastaGenerator.residues(rnd, w)).append(eol);
                }
                if (rnd.nextInt(6) == 0) {
                    sb.append(rnd.nextBoolean() ? "\n" : "\r\n");
                }
            }
            if (rnd.nextInt(4) == 0 && sb.charAt(sb.length() - 1) == '\n') {
                sb.setLength(sb.length() - (sb.length() > 1 && sb.charAt(sb.length() - 2) == '\r' ? 2 : 1));
            }
            byte[] data = ascii(sb.toString());
            byte[] theirs = FastaChecks.samtoolsFai(dir, "random.fa", data);
            Pipeline p = pipeline(1 + rnd.nextInt(12));
            ObjectLocation loc = p.put("random-" + file + ".fa", data);
            String what = "file " + file + ": " + sb.toString().replace("\r", "\\r").replace("\n", "\\n");
            List<ObjectInfo> infos;
            try {
                infos = p.preprocess("fasta", NO_OPTIONS, loc);
            } catch (DataFormatException e) {
                assertThat(theirs).as("%s: samtools accepts what we refuse (%s)", what, e.getMessage()).isNull();
                refused++;
                continue;
            }
            accepted++;
            JsonNode index = Json.read(FastaChecks.index(p, infos.get(0)), JsonNode.class);
            if (theirs == null) {
                JsonNode rows = index.get("records");
                assertThat(rows.isEmpty() || rows.get(rows.size() - 1).get(6).asLong() == 0)
                        .as("%s: samtools refuses, and not only for an empty last record", what).isTrue();
            } else {
                assertThat(text(FastaChecks.fai(p, infos.get(0)))).as(what).isEqualTo(text(theirs));
            }
            List<byte[]> slices = FastaChecks.evaluate(p, p.partition("fasta", NO_OPTIONS, infos, "chunks", Map.of("count", "4")));
            FastaChecks.assertSameBytes(what, data, FastaChecks.concat(slices.stream().map(FastaChecks::withoutContinuation).toList()));
            FastaChecks.assertSameSeqs(what, FastaChecks.read(data), FastaChecks.reassemble(slices));
        }
        assertThat(accepted).isGreaterThan(15);
        assertThat(refused).isGreaterThan(8);
    }

    @Test
    void samtoolsRefusesWhatWeRefuse() {
        ExternalTools.require("samtools");
        for (String bad : List.of(">a\nACGT\nACGTA\n", ">a\nACGT\nAC\nACGT\n", ">a\nACGT\n\nACGT\n", "hello\n>a\nAC\n")) {
            assertThat(FastaChecks.samtoolsFai(dir, "refused.fa", ascii(bad))).as(bad).isNull();
        }
    }
}
