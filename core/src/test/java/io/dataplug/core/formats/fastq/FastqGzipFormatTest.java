package io.dataplug.core.formats.fastq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.index.IndexedObject;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.Pipeline;
import io.dataplug.core.util.Json;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fastq-gzip on local files with our own gzip layouts: members, empty members, checkpoints as slice boundaries. */
class FastqGzipFormatTest {

    static final String FORMAT = "fastq-gzip";

    @TempDir
    Path dir;

    /** Preprocesses {@code gz}, partitions, checks that the slices concatenate to {@code plain}, none empty. */
    static List<Slice> check(Pipeline p, String name, byte[] gz, byte[] plain, Map<String, String> options, String strategy,
                             Map<String, String> params) {
        ObjectLocation loc = p.put(name, gz);
        List<ObjectInfo> infos = p.preprocess(FORMAT, options, loc);
        long reads = FastqGenerator.lines(plain) / 4;
        assertThat(p.indexes(FORMAT, options, infos).get(0).attributes()).containsEntry("reads", reads)
                .containsEntry("uncompressedBytes", (long) plain.length);
        List<Slice> slices = p.partition(FORMAT, options, infos, strategy, params);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Slice s : slices) {
            byte[] got = p.evaluate(s);
            assertThat(got).as("slice %d of %d", s.index(), s.count()).isNotEmpty();
            assertThat(FastqGenerator.lines(got) / 4).isEqualTo(s.parts().get(0).corrections().get("reads").asLong());
            all.writeBytes(got);
        }
        assertThat(all.toByteArray()).isEqualTo(plain);
        if (strategy.equals("reads-batches")) {
            assertThat(slices).hasSize((int) Math.min(Long.parseLong(params.get("count")), reads));
        }
        return slices;
    }

    static Map<String, String> batches(int count) {
        return Map.of("count", Integer.toString(count));
    }

    /** Offsets of read starts, plus the length at the end. */
    static long[] readStarts(byte[] plain) {
        List<Long> starts = new ArrayList<>();
        long line = 0;
        for (int i = 0; i < plain.length; i++) {
            if ((i == 0 || plain[i - 1] == '\n') && line++ % 4 == 0) {
                starts.add((long) i);
            }
        }
        starts.add((long) plain.length);
        return starts.stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void singleMemberEveryStrategyAndCount() {
        byte[] plain = new FastqGenerator(41).reads(1500).atQuality(0.5).generate();
        byte[] gz = GzipFixtures.gzip(plain);
        try (Pipeline p = Pipeline.local(dir)) {
            for (String span : new String[] {"1", "64KiB", "4MiB"}) {
                Map<String, String> opts = Map.of("checkpoint-span", span);
                boolean sparse = span.equals("4MiB"); // one checkpoint: every slice decompresses from the start
                for (int count : span.equals("64KiB") ? new int[] {1, 3, 16, 100, 1501} : new int[] {1, 3, 16, 100}) {
                    check(p, "r.fq.gz", gz, plain, opts, "reads-batches", batches(count));
                }
                for (String per : sparse ? new String[] {"1000", "1500"} : span.equals("1") ? new String[] {"1", "7"}
                        : new String[] {"7", "1000"}) {
                    check(p, "r.fq.gz", gz, plain, opts, "reads-per-slice", Map.of("reads", per));
                }
            }
        }
    }

    @Test
    void everyCheckpointAsASliceBoundary() {
        byte[] plain = new FastqGenerator(42).reads(4000).atQuality(0.9).crlf(true).generate();
        byte[] gz = GzipFixtures.members(plain, new int[] {plain.length / 3, plain.length / 3 + 1, 2 * plain.length / 3}, true);
        long[] starts = readStarts(plain);
        Map<String, String> opts = Map.of("checkpoint-span", "1");
        try (Pipeline p = Pipeline.local(dir)) {
            List<ObjectInfo> infos = p.preprocess(FORMAT, opts, p.put("r.fq.gz", gz));
            IndexedObject o = p.indexes(FORMAT, opts, infos).get(0);
            FastqGzipFormat.Index index = Json.convert(o.index(), FastqGzipFormat.Index.class);
            assertThat(index.checkpoints().size()).isGreaterThan(10);
            assertThat(index.windows()).isEqualTo("windows.bin");
            long reads = index.reads();
            for (long[] cp : index.checkpoints()) {
                long n = cp[FastqGzipFormat.Index.READ];
                assertThat(cp[FastqGzipFormat.Index.READ_OFFSET]).isEqualTo(starts[(int) n]);
                for (long[] range : new long[][] {{n - 1, 1}, {n, 1}, {n - 1, 2}, {n, Math.min(50, reads - n)}}) {
                    if (range[0] < 0 || range[0] >= reads || range[1] < 1 || range[0] + range[1] > reads) {
                        continue;
                    }
                    SlicePart part = FastqGzipFormat.part(o, index, range[0], range[1]);
                    Slice s = new Slice(Slice.SCHEMA, "t", FORMAT, Map.of("checkpoint-span", "1"), "reads-batches", Map.of(), 0, 1,
                            p.metadataRoot().toUri(), List.of(part));
                    assertThat(p.evaluate(s)).as("reads %s", Arrays.toString(range)).isEqualTo(Arrays.copyOfRange(plain,
                            (int) starts[(int) range[0]], (int) starts[(int) (range[0] + range[1])]));
                }
            }
        }
    }

    @Test
    void memberBoundariesInsideRecordsAndEmptyMembers() {
        byte[] plain = new FastqGenerator(43).reads(1500).lengths(0, 200).atQuality(0.5).finalNewline(false).generate();
        Random rnd = new Random(44);
        int[] cuts = rnd.ints(25, 1, plain.length).sorted().distinct().toArray();
        for (boolean empty : new boolean[] {false, true}) {
            byte[] gz = GzipFixtures.members(plain, cuts, empty);
            try (Pipeline p = Pipeline.local(dir.resolve("e" + empty))) {
                for (String span : new String[] {"1", "32KiB"}) {
                    for (int count : new int[] {1, 3, 16, 100, 1501}) {
                        check(p, "m.fq.gz", gz, plain, Map.of("checkpoint-span", span), "reads-batches", batches(count));
                    }
                }
            }
        }
    }

    @Test
    void smallFilesAndEmptyGzip() {
        try (Pipeline p = Pipeline.local(dir)) {
            byte[] one = new FastqGenerator(45).reads(1).finalNewline(false).crlf(true).generate();
            check(p, "one.fq.gz", GzipFixtures.gzip(one), one, Map.of(), "reads-batches", batches(5));
            check(p, "one.fq.gz", GzipFixtures.gzip(one), one, Map.of(), "reads-per-slice", Map.of("reads", "1"));
            List<Slice> none = check(p, "empty.fq.gz", GzipFixtures.gzip(new byte[0]), new byte[0], Map.of(), "reads-batches",
                    batches(3));
            assertThat(none).isEmpty();
        }
    }

    @Test
    void bgzfSliceBoundariesOnBlockBoundaries() throws Exception {
        Tools.require("bgzip");
        // records of 256 bytes (header 16, sequence and quality 118 + newline, '+' line 2): 255 per 65280-byte BGZF block
        byte[] plain = new FastqGenerator(46).reads(255 * 12 + 5).lengths(118, 118).fixedHeader(true).generate();
        assertThat(plain.length).isEqualTo(256 * (255 * 12 + 5));
        Path fq = dir.resolve("fixed.fq");
        Files.write(fq, plain);
        byte[] gz = Files.readAllBytes(Tools.compress(fq, "bgzip"));
        try (Pipeline p = Pipeline.local(dir.resolve("p"))) {
            Map<String, String> opts = Map.of("checkpoint-span", "1");
            List<Slice> slices = check(p, "fixed.fq.gz", gz, plain, opts, "reads-per-slice", Map.of("reads", "255"));
            assertThat(slices).hasSize(13);
            IndexedObject o = p.indexes(FORMAT, opts, p.preprocess(FORMAT, opts, p.put("fixed.fq.gz", gz))).get(0);
            assertThat(o.index().get("bgzf").asBoolean()).isTrue();
            for (Slice s : slices) {
                JsonNode c = s.parts().get(0).corrections();
                assertThat(c.get("memberStart").asBoolean()).isTrue();
                assertThat(c.get("skip").asLong()).isZero();
                assertThat(c.get("skipBytes").asLong()).isZero();
                assertThat(c.has("window")).isFalse();
            }
            for (String per : new String[] {"254", "256"}) {
                check(p, "fixed.fq.gz", gz, plain, opts, "reads-per-slice", Map.of("reads", per));
            }
        }
    }

    @Test
    void badGzipAndBadFastqInsideGzip() {
        byte[] plain = new FastqGenerator(47).reads(3000).generate();
        byte[] gz = GzipFixtures.gzip(plain);
        try (Pipeline p = Pipeline.local(dir)) {
            ObjectLocation truncated = p.put("truncated.fq.gz", Arrays.copyOf(gz, gz.length / 2));
            assertThatThrownBy(() -> p.preprocess(FORMAT, Map.of(), truncated)).isInstanceOf(DataFormatException.class)
                    .hasMessageContaining("truncated.fq.gz at byte ").hasMessageContaining("truncated");
            byte[] corrupt = gz.clone();
            for (int i = gz.length / 2; i < gz.length / 2 + 64; i++) {
                corrupt[i] ^= (byte) 0x5a;
            }
            ObjectLocation damaged = p.put("corrupt.fq.gz", corrupt);
            assertThatThrownBy(() -> p.preprocess(FORMAT, Map.of(), damaged)).isInstanceOf(DataFormatException.class)
                    .hasMessageContaining("corrupt.fq.gz at byte ").hasMessageContaining("invalid gzip data");
            ObjectLocation notGzip = p.put("plain.fq", plain);
            assertThatThrownBy(() -> p.preprocess(FORMAT, Map.of(), notGzip)).isInstanceOf(DataFormatException.class)
                    .hasMessageContaining("plain.fq at byte 0").hasMessageContaining("bad magic")
                    .hasMessageContaining("format 'fastq'");
            byte[] extraLine = Arrays.copyOf(plain, plain.length + 5);
            System.arraycopy("@x y\n".getBytes(), 0, extraLine, plain.length, 5);
            ObjectLocation fourNPlusOne = p.put("extra.fq.gz", GzipFixtures.members(extraLine, new int[] {plain.length + 2}, true));
            assertThatThrownBy(() -> p.preprocess(FORMAT, Map.of(), fourNPlusOne)).isInstanceOf(DataFormatException.class)
                    .hasMessageContaining("extra.fq.gz at byte " + plain.length + " (line 12001)")
                    .hasMessageContaining("4n+1 lines").hasMessageContaining("uncompressed");
            byte[] mismatch = new String(plain, java.nio.charset.StandardCharsets.US_ASCII)
                    .replaceFirst("\n\\+\n(\\S)", "\n+\n$1$1").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            ObjectLocation lengths = p.put("lengths.fq.gz", GzipFixtures.gzip(mismatch));
            assertThatThrownBy(() -> p.preprocess(FORMAT, Map.of(), lengths)).isInstanceOf(DataFormatException.class)
                    .hasMessageContaining("lengths.fq.gz").hasMessageContaining("(line 4)")
                    .hasMessageContaining("quality line has");
        }
    }
}
