package io.dataplug.core.formats.fastq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.format.IndexingContext;
import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.format.ObjectIndex;
import io.dataplug.core.format.Params;
import io.dataplug.core.gzip.Gzi;
import io.dataplug.core.gzip.GzipFormatException;
import io.dataplug.core.index.IndexedObject;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.Corruptions;
import io.dataplug.core.testing.ExternalTools;
import io.dataplug.core.testing.InMemoryIndexingContext;
import io.dataplug.core.testing.Pipeline;
import io.dataplug.core.util.Json;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.LongConsumer;
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
            assertThat(FastqGenerator.lines(got) / 4).isEqualTo(s.parts(GzipReadCorrections.class).get(0).corrections().reads());
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
            @SuppressWarnings("unchecked")
            IndexedObject<GzipReadIndex> o = (IndexedObject<GzipReadIndex>) p.indexes(FORMAT, opts, infos).get(0);
            GzipReadIndex index = o.index();
            assertThat(index.checkpoints().size()).isGreaterThan(10);
            assertThat(index.windows()).isEqualTo("windows.bin");
            long reads = index.reads();
            for (long[] cp : index.checkpoints()) {
                long n = cp[GzipReadIndex.READ];
                assertThat(cp[GzipReadIndex.READ_OFFSET]).isEqualTo(starts[(int) n]);
                for (long[] range : new long[][] {{n - 1, 1}, {n, 1}, {n - 1, 2}, {n, Math.min(50, reads - n)}}) {
                    if (range[0] < 0 || range[0] >= reads || range[1] < 1 || range[0] + range[1] > reads) {
                        continue;
                    }
                    SlicePart<GzipReadCorrections> part = GzipReadSlicer.part(o, index, range[0], range[1]);
                    Slice s = new Slice(Slice.SCHEMA, "t", FORMAT, Map.of("checkpoint-span", "1"), "reads-batches", Map.of(), 0, 1,
                            p.roots().source(), p.roots().metadata(), List.of(part));
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

    /**
     * The checkpoint values a manifest carries can make a slice fail, never change what it returns: every byte a
     * part writes is covered by a CRC-32 recorded at indexing (the member prefix CRC of the checkpoint it stops at).
     */
    @Test
    void editedCheckpointsInAManifestOnlyMakeSlicesFail() {
        byte[] plain = new FastqGenerator(48).reads(3000).atQuality(0.3).generate();
        byte[] gz = GzipFixtures.gzip(plain);
        Map<String, String> opts = Map.of("checkpoint-span", "32KiB");
        try (Pipeline p = Pipeline.local(dir)) {
            List<Slice> slices = check(p, "r.fq.gz", gz, plain, opts, "reads-batches", batches(8));
            Slice mid = slices.stream().filter(s -> corrections(s).memberPrefixCrc() != null && corrections(s).verifyAt() != null
                    && corrections(s).verifyAt().memberPrefixCrc() != null).findFirst().orElseThrow();
            byte[] exact = p.evaluate(mid);
            // the CRC-32 of the member up to where the part starts, and up to where it stops
            failsWithCrcMismatch(p, edit(mid, c -> c.put("memberPrefixCrc", c.get("memberPrefixCrc").asInt() ^ 1)));
            failsWithCrcMismatch(p, edit(mid, c -> verifyAt(c).put("memberPrefixCrc",
                    verifyAt(c).get("memberPrefixCrc").asInt() ^ 0x8000)));
            // another checkpoint's window: the data decodes to other bytes (here the first read no longer starts
            // with '@', which is found before the CRC)
            JsonNode otherWindow = Json.tree(corrections(slices.get(mid.index() + 1)).window());
            assertThatThrownBy(() -> p.evaluate(edit(mid, c -> c.set("window", otherWindow.deepCopy()))))
                    .isInstanceOf(DataFormatException.class).hasMessageContaining("r.fq.gz");
            // a place to stop that is no checkpoint of the data
            assertThatThrownBy(() -> p.evaluate(edit(mid, c -> verifyAt(c).put("uncompressed",
                    verifyAt(c).get("uncompressed").asLong() - 1)))).isInstanceOf(DataFormatException.class)
                    .hasMessageContaining("does not match the index");
            // without a checkpoint to stop at (as slices were written before there was one) the part decodes on
            // to the member's trailer, which then covers its bytes
            assertThat(p.evaluate(edit(mid, c -> c.remove("verifyAt")))).isEqualTo(exact);
            failsWithCrcMismatch(p, edit(mid, c -> {
                c.remove("verifyAt");
                c.put("memberPrefixCrc", c.get("memberPrefixCrc").asInt() ^ 1);
            }));
        }
    }

    private static GzipReadCorrections corrections(Slice slice) {
        return (GzipReadCorrections) slice.parts().get(0).corrections();
    }

    private static ObjectNode verifyAt(ObjectNode corrections) {
        return (ObjectNode) corrections.get("verifyAt");
    }

    /** {@code slice} with its first part's corrections edited as a user might edit the manifest. */
    private static Slice edit(Slice slice, java.util.function.Consumer<ObjectNode> edit) {
        return Corruptions.edited(slice, (i, part) -> {
            if (i == 0) {
                edit.accept((ObjectNode) part.get("corrections"));
            }
        });
    }

    private static void failsWithCrcMismatch(Pipeline p, Slice slice) {
        Throwable t = catchThrowable(() -> p.evaluate(slice));
        assertThat(t).isInstanceOf(DataFormatException.class).hasMessageContaining("CRC mismatch");
        assertThat(t.getCause()).isInstanceOfSatisfying(GzipFormatException.class,
                g -> assertThat(g.kind()).isEqualTo(GzipFormatException.Kind.CRC_MISMATCH));
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
        ExternalTools.require("bgzip");
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
            IndexedObject<?> o = p.indexes(FORMAT, opts, p.preprocess(FORMAT, opts, p.put("fixed.fq.gz", gz))).get(0);
            assertThat(Json.tree(o.index()).get("bgzf").asBoolean()).isTrue();
            for (Slice s : slices) {
                JsonNode c = Json.tree(s.parts().get(0).corrections());
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

    @Test
    void unknownDecodeModeIsRefusedBeforeAnythingIsRead() {
        try (Pipeline p = Pipeline.local(dir)) {
            ObjectLocation reads = p.put("reads.fq.gz", GzipFixtures.gzip(new FastqGenerator(48).reads(10).generate()));
            assertThatThrownBy(() -> p.preprocess(FORMAT, Map.of("decode", "parallel"), reads))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessage("option 'decode' of format fastq-gzip must be 'sequential' or 'ranges', got 'parallel'");
        }
    }

    /** An in-memory object with (optionally) a {@code .gzi} beside it; records the ranges indexing reads. */
    static final class WithGzi implements IndexingContext {
        final InMemoryIndexingContext in;
        final byte[] gzi;
        final List<long[]> opened = Collections.synchronizedList(new ArrayList<>());
        boolean unreadable;

        WithGzi(Map<String, String> options, byte[] gz, byte[] gzi) {
            this.in = new InMemoryIndexingContext(new FastqGzipFormat(), options, "/mem.fq.gz", gz);
            this.gzi = gzi;
        }

        @Override
        public ObjectInfo source() {
            return in.source();
        }

        @Override
        public Params options() {
            return in.options();
        }

        @Override
        public InputStream open(long start, long end) {
            opened.add(new long[] {start, end});
            return in.open(start, end);
        }

        @Override
        public Optional<byte[]> readBeside(String suffix) {
            if (unreadable) {
                throw new io.dataplug.core.storage.StorageException("file:///mem.fq.gz.gzi", "access denied");
            }
            return suffix.equals(".gzi") ? Optional.ofNullable(gzi) : Optional.empty();
        }

        @Override
        public void writeSideFile(String name, byte[] data) {
            throw new AssertionError("BGZF needs no windows, got side file " + name);
        }

        @Override
        public LongConsumer progress() {
            return in.progress();
        }
    }

    static ObjectIndex<GzipReadIndex> index(WithGzi ctx) throws Exception {
        return new FastqGzipFormat().buildIndex(ctx, List.of());
    }

    /** Decompresses in parallel from the .gzi's block starts and gets the index a scan gets, for several spans. */
    @Test
    void gziGivesTheIndexOfAScan() throws Exception {
        // about 11 MiB: three decode runs of 4 MiB
        byte[] plain = new FastqGenerator(48).reads(40_000).generate();
        Path fq = dir.resolve("gzi.fq");
        Files.write(fq, plain);
        Path gzPath = Tools.bgzipWithGzi(fq);
        byte[] gz = Files.readAllBytes(gzPath);
        byte[] gzi = Files.readAllBytes(gzPath.resolveSibling(gzPath.getFileName() + ".gzi"));
        assertThat(Gzi.read(gzi).size()).isGreaterThan(150);
        for (String span : new String[] {"1", "100000", "4MiB", "1GiB"}) {
            Map<String, String> opts = Map.of("checkpoint-span", span);
            WithGzi scan = new WithGzi(opts, gz, null);
            ObjectIndex<GzipReadIndex> scanned = index(scan);
            assertThat(scan.opened).hasSize(1);
            WithGzi used = new WithGzi(opts, gz, gzi);
            ObjectIndex<GzipReadIndex> fromGzi = index(used);
            assertThat(Json.tree(fromGzi.index())).as("span %s", span).isEqualTo(Json.tree(scanned.index()));
            assertThat(fromGzi.attributes()).isEqualTo(scanned.attributes());
            assertThat(Json.tree(fromGzi.index()).get("bgzf").asBoolean()).isTrue();
            // several ranged reads that together cover the object once, none of them from 0 to the end
            assertThat(used.opened).hasSizeGreaterThan(2).noneMatch(r -> r[0] == 0 && r[1] == gz.length);
            assertThat(used.opened.stream().mapToLong(r -> r[1] - r[0]).sum()).isEqualTo(gz.length);
        }
        // and the slices from such an index are exact
        try (Pipeline p = Pipeline.local(dir.resolve("p"))) {
            p.put("gzi.fq.gz.gzi", gzi);
            for (int count : new int[] {1, 7, 64}) {
                check(p, "gzi.fq.gz", gz, plain, Map.of("checkpoint-span", "100000"), "reads-batches", batches(count));
            }
        }
    }

    /**
     * A .gzi that does not describe the object (another file's, corrupt, shifted offsets, a block too long) is
     * ignored: the object is scanned instead and the index is the scan's. A damaged object with a valid .gzi
     * fails with the scan's error; so does bad FASTQ inside BGZF.
     */
    @Test
    void staleGziIsIgnoredAndTheObjectScanned() throws Exception {
        byte[] plain = new FastqGenerator(49).reads(6_000).generate();
        Path fq = dir.resolve("stale.fq");
        Files.write(fq, plain);
        Path gzPath = Tools.bgzipWithGzi(fq);
        byte[] gz = Files.readAllBytes(gzPath);
        byte[] gzi = Files.readAllBytes(gzPath.resolveSibling(gzPath.getFileName() + ".gzi"));
        Path other = dir.resolve("other.fq");
        Files.write(other, new FastqGenerator(50).reads(7_000).generate());
        Path otherGz = Tools.bgzipWithGzi(other);
        byte[] otherGzi = Files.readAllBytes(otherGz.resolveSibling(otherGz.getFileName() + ".gzi"));
        List<Gzi.Entry> entries = Gzi.read(gzi);
        assertThat(entries.size()).isGreaterThan(4);
        List<Gzi.Entry> shifted = new ArrayList<>(entries);
        Gzi.Entry e2 = entries.get(2);
        shifted.set(2, new Gzi.Entry(e2.compressedOffset() + 1, e2.uncompressedOffset()));
        List<Gzi.Entry> wrongSize = new ArrayList<>(entries);
        wrongSize.set(2, new Gzi.Entry(e2.compressedOffset(), e2.uncompressedOffset() - 1));
        List<Gzi.Entry> missingLast = entries.subList(0, entries.size() - 1);
        List<Gzi.Entry> missingMiddle = new ArrayList<>(entries);
        missingMiddle.remove(2);
        List<Gzi.Entry> beyondEnd = new ArrayList<>(entries);
        beyondEnd.add(new Gzi.Entry(gz.length + 10, plain.length + 10));
        Map<String, String> opts = Map.of("checkpoint-span", "50000");
        ObjectIndex<GzipReadIndex> scanned = index(new WithGzi(opts, gz, null));
        Map<String, byte[]> stale = new java.util.LinkedHashMap<>();
        stale.put("another file's", otherGzi);
        stale.put("corrupt", Arrays.copyOf(gzi, gzi.length - 3));
        stale.put("empty", new byte[0]);
        stale.put("shifted offset", Gzi.write(shifted));
        stale.put("wrong uncompressed offset", Gzi.write(wrongSize));
        stale.put("last block missing", Gzi.write(missingLast));
        stale.put("middle block missing", Gzi.write(missingMiddle));
        stale.put("block beyond the end", Gzi.write(beyondEnd));
        for (Map.Entry<String, byte[]> s : stale.entrySet()) {
            WithGzi ctx = new WithGzi(opts, gz, s.getValue());
            assertThat(Json.tree(index(ctx).index())).as(s.getKey()).isEqualTo(Json.tree(scanned.index()));
            assertThat(ctx.opened).as(s.getKey()).anyMatch(r -> r[0] == 0 && r[1] == gz.length);
        }
        // an unreadable .gzi (a storage error reading it) is ignored too
        WithGzi unreadable = new WithGzi(opts, gz, gzi);
        unreadable.unreadable = true;
        assertThat(Json.tree(index(unreadable).index())).isEqualTo(Json.tree(scanned.index()));
        // a damaged object: the gzi path gives up on it, the scan reports the gzip error as without .gzi
        byte[] corrupt = gz.clone();
        for (int i = gz.length / 2; i < gz.length / 2 + 64; i++) {
            corrupt[i] ^= (byte) 0x5a;
        }
        String withoutGzi = catchMessage(new WithGzi(opts, corrupt, null));
        assertThat(withoutGzi).contains("invalid gzip data");
        assertThat(catchMessage(new WithGzi(opts, corrupt, gzi))).isEqualTo(withoutGzi);
        // bad FASTQ inside valid BGZF: the same error, line and byte, with and without .gzi
        byte[] bad = new String(plain, java.nio.charset.StandardCharsets.US_ASCII)
                .replace("\n+\n", "\n-\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Path badFq = dir.resolve("bad.fq");
        Files.write(badFq, Arrays.copyOf(bad, bad.length));
        byte[] badCut = Arrays.copyOf(plain, plain.length);
        int at = plain.length * 2 / 3;
        while (!(plain[at - 1] == '\n' && plain[at] == '+')) {
            at++;
        }
        badCut[at] = '-';
        Files.write(badFq, badCut);
        Path badGz = Tools.bgzipWithGzi(badFq);
        byte[] badGzi = Files.readAllBytes(badGz.resolveSibling(badGz.getFileName() + ".gzi"));
        String scanError = catchMessage(new WithGzi(opts, Files.readAllBytes(badGz), null));
        assertThat(scanError).contains("at byte " + at).contains("'+'");
        assertThat(catchMessage(new WithGzi(opts, Files.readAllBytes(badGz), badGzi))).isEqualTo(scanError);
    }

    static String catchMessage(WithGzi ctx) {
        try {
            index(ctx);
        } catch (DataFormatException e) {
            return e.getMessage();
        } catch (Exception e) {
            throw new AssertionError("expected DataFormatException", e);
        }
        throw new AssertionError("expected DataFormatException, indexing succeeded");
    }
}
