package io.dataplug.core.formats.fastq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.gzip.GzipFormatException;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.storage.ObjectChangedException;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.CommittedIndex;
import io.dataplug.core.testing.Corruptions;
import io.dataplug.core.testing.Pipeline;
import io.dataplug.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * fastq-gzip on wgsim reads compressed by gzip -6, pigz -p 2 and bgzip, on local files
 * ({@link FastqGzipLocalInteropTest}) and an S3 server over HTTP ({@link FastqGzipS3InteropTest}): for every
 * strategy and slice count the slices concatenate to what zcat prints.
 */
abstract class FastqGzipInteropTest {

    static final String FORMAT = "fastq-gzip";
    static final String[] TOOLS = {"gzip", "pigz", "bgzip"};

    abstract Pipeline pipeline(String prefix);

    /**
     * Damages the object with {@code flip} where its ETag cannot see it (a failing disk, a same-size same-mtime
     * copy); returns how slices must be edited to still reach the data (the identity when the ETag is unchanged).
     */
    abstract UnaryOperator<Slice> damageBehindTheEtag(Pipeline p, ObjectLocation loc, Corruptions.Flip flip, Slice probe)
            throws IOException;

    /** Slice counts for reads-batches on the 20,000 reads (S3 trims the list: each slice costs two GETs). */
    int[] counts() {
        return new int[] {1, 3, 16, 100};
    }

    /**
     * Map tasks over compressed byte ranges of one object (gzip -6 and pigz, 64 KiB ranges): the committed index
     * and windows file are the single-range run's, and the slices concatenate to what zcat prints.
     */
    @Test
    void mapTasksOverCompressedRangesOfOneObject() throws IOException {
        Path fq = Tools.wgsim(20_000);
        Map<String, String> sequential = Map.of("checkpoint-span", "256KiB");
        Map<String, String> opts = Map.of("checkpoint-span", "256KiB", "decode", "ranges");
        for (String tool : new String[] {"gzip", "pigz"}) {
            Path gzFile = Tools.compress(fq, tool);
            byte[] gz = Files.readAllBytes(gzFile);
            byte[] expected = Tools.zcat(gzFile);
            CommittedIndex whole;
            // the default (decode=sequential) is one task per object whatever the chunk size: no map results
            try (Pipeline p = pipeline("ranges-whole-" + tool).chunkSize(64 << 10)) {
                ObjectLocation loc = p.put("r1.fq.gz", gz);
                whole = CommittedIndex.read(p, FORMAT, sequential, p.preprocess(FORMAT, sequential, loc).get(0));
                assertThat(p.store().list(p.metadataRoot()).filter(o -> o.location().key().contains("/chunk")).count())
                        .as("%s: map results under decode=sequential", tool).isZero();
            }
            try (Pipeline p = pipeline("ranges-" + tool).chunkSize(64 << 10)) {
                ObjectLocation loc = p.put("r1.fq.gz", gz);
                List<ObjectInfo> infos = p.preprocess(FORMAT, opts, loc);
                CommittedIndex ranges = CommittedIndex.read(p, FORMAT, opts, infos.get(0));
                assertThat(ranges.plan()).isEqualTo("plan-" + (64 << 10));
                ranges.assertSameContentAs(whole, tool + " in 64 KiB ranges");
                long decoded = p.store().list(p.metadataRoot()).filter(o -> o.location().key().contains("/chunk"))
                        .filter(o -> new String(p.store().read(o.location(), 0, (int) o.size(), null),
                                java.nio.charset.StandardCharsets.UTF_8).contains("\"DECODED\"")).count();
                assertThat(decoded).as("%s: map results of ranges decoded from a block start", tool).isGreaterThan(1);
                List<Slice> slices = p.partition(FORMAT, opts, infos, "reads-batches", Map.of("count", "16"));
                assertThat(FastqInteropTest.concat(p, slices)).as("%s in 64 KiB ranges", tool).isEqualTo(expected);
            }
        }
    }

    @Test
    void wgsimReadsCompressedByRealToolsForEveryStrategyAndCount() throws IOException {
        Path fq = Tools.wgsim(20_000);
        for (String tool : TOOLS) {
            Path gzFile = Tools.compress(fq, tool);
            byte[] expected = Tools.zcat(gzFile);
            assertThat(expected).isEqualTo(Files.readAllBytes(fq));
            try (Pipeline p = pipeline("wgsim-" + tool)) {
                ObjectLocation loc = p.put("r1.fq.gz", Files.readAllBytes(gzFile));
                Map<String, String> opts = Map.of("checkpoint-span", "256KiB");
                List<ObjectInfo> infos = p.preprocess(FORMAT, opts, loc);
                assertThat(p.indexes(FORMAT, opts, infos).get(0).attributes())
                        .containsEntry("reads", 20_000L).containsEntry("bases", 20_000L * 150);
                for (int count : counts()) {
                    List<Slice> slices = p.partition(FORMAT, opts, infos, "reads-batches", Map.of("count", "" + count));
                    assertThat(slices).hasSize(count);
                    assertThat(FastqInteropTest.concat(p, slices)).as("%s, %d slices", tool, count).isEqualTo(expected);
                }
                List<Slice> slices = p.partition(FORMAT, opts, infos, "reads-per-slice", Map.of("reads", "7777"));
                assertThat(FastqInteropTest.concat(p, slices)).isEqualTo(expected);
                // default options (span 4 MiB: two checkpoints here)
                List<ObjectInfo> defaults = p.preprocess(FORMAT, Map.of(), loc);
                slices = p.partition(FORMAT, Map.of(), defaults, "reads-batches", Map.of("count", "16"));
                assertThat(FastqInteropTest.concat(p, slices)).as("%s, default span", tool).isEqualTo(expected);
            }
        }
    }

    /**
     * bgzip -i: with the .gzi beside the object (indexed from its block table, decompressed in parallel) the index
     * and every slice are those without it, and the slices concatenate to zcat's output.
     */
    @Test
    void bgzipWithGziGivesTheSameIndexAndSlices() throws IOException {
        Path gzFile = Tools.bgzipWithGzi(Tools.wgsim(20_000));
        byte[] gz = Files.readAllBytes(gzFile);
        byte[] gzi = Files.readAllBytes(gzFile.resolveSibling(gzFile.getFileName() + ".gzi"));
        byte[] expected = Tools.zcat(gzFile);
        Map<String, String> opts = Map.of("checkpoint-span", "200KiB");
        try (Pipeline scan = pipeline("bgzf-scan").chunkSize(64 << 10);
             Pipeline withGzi = pipeline("bgzf-gzi").chunkSize(64 << 10)) {
            List<ObjectInfo> scanned = scan.preprocess(FORMAT, opts, scan.put("r1.fq.gz", gz));
            withGzi.put("r1.fq.gz.gzi", gzi);
            List<ObjectInfo> indexed = withGzi.preprocess(FORMAT, opts, withGzi.put("r1.fq.gz", gz));
            assertThat(Json.tree(withGzi.indexes(FORMAT, opts, indexed).get(0).index()))
                    .isEqualTo(Json.tree(scan.indexes(FORMAT, opts, scanned).get(0).index()));
            for (int count : counts()) {
                List<Slice> a = scan.partition(FORMAT, opts, scanned, "reads-batches", Map.of("count", "" + count));
                List<Slice> b = withGzi.partition(FORMAT, opts, indexed, "reads-batches", Map.of("count", "" + count));
                assertThat(b).hasSameSizeAs(a);
                for (int i = 0; i < a.size(); i++) {
                    assertThat(withGzi.evaluate(b.get(i))).as("%d slices, slice %d", count, i).isEqualTo(scan.evaluate(a.get(i)));
                }
                assertThat(FastqInteropTest.concat(withGzi, b)).as("%d slices", count).isEqualTo(expected);
            }
        }
    }

    @Test
    void moreSlicesThanReads() throws IOException {
        Path fq = Tools.wgsim(300);
        for (String tool : TOOLS) {
            Path gzFile = Tools.compress(fq, tool);
            byte[] expected = Tools.zcat(gzFile);
            try (Pipeline p = pipeline("few-" + tool)) {
                Map<String, String> opts = Map.of("checkpoint-span", "16KiB");
                List<ObjectInfo> infos = p.preprocess(FORMAT, opts, p.put("r1.fq.gz", Files.readAllBytes(gzFile)));
                List<Slice> slices = p.partition(FORMAT, opts, infos, "reads-batches", Map.of("count", "1000"));
                assertThat(slices).hasSize(300);
                assertThat(FastqInteropTest.concat(p, slices)).as(tool).isEqualTo(expected);
            }
        }
    }

    @Test
    void objectChangedAfterPreprocessingIsRefused() throws Exception {
        byte[] plain = new FastqGenerator(51).reads(2000).generate();
        try (Pipeline p = pipeline("changed")) {
            ObjectLocation loc = p.put("r.fq.gz", GzipFixtures.gzip(plain));
            Map<String, String> opts = Map.of("checkpoint-span", "32KiB");
            List<ObjectInfo> infos = p.preprocess(FORMAT, opts, loc);
            List<Slice> slices = p.partition(FORMAT, opts, infos, "reads-batches", Map.of("count", "3"));
            Thread.sleep(5); // local ETags include the modification time
            p.put("r.fq.gz", GzipFixtures.gzip(new FastqGenerator(52).reads(2000).generate()));
            assertThatThrownBy(() -> p.evaluate(slices.get(2))).isInstanceOf(ObjectChangedException.class)
                    .hasMessageContaining("r.fq.gz");
        }
    }

    /**
     * One flipped bit that leaves the stream decodable (only a CRC-32 can tell), for every gzip flavour: every slice
     * whose compressed range holds it fails with a CRC error, every other slice is exact.
     */
    @Test
    void damageBehindAnUnchangedEtagFailsEverySliceThatCoversIt() throws IOException {
        Path fq = Tools.wgsim(20_000);
        byte[] plain = Files.readAllBytes(fq);
        Map<String, byte[]> flavours = new LinkedHashMap<>();
        for (String tool : TOOLS) {
            flavours.put(tool, Files.readAllBytes(Tools.compress(fq, tool)));
        }
        flavours.put("members", GzipFixtures.members(plain, new int[] {plain.length / 3, plain.length / 2 + 7}, true));
        Path bgzf = Tools.bgzipWithGzi(fq);
        flavours.put("bgzip -i", Files.readAllBytes(bgzf));
        Map<String, String> opts = Map.of("checkpoint-span", "256KiB");
        for (Map.Entry<String, byte[]> flavour : flavours.entrySet()) {
            byte[] gz = flavour.getValue();
            try (Pipeline p = pipeline("damaged-" + flavour.getKey().replace(' ', '-'))) {
                if (flavour.getKey().equals("bgzip -i")) {
                    p.put("r1.fq.gz.gzi", Files.readAllBytes(bgzf.resolveSibling(bgzf.getFileName() + ".gzi")));
                }
                ObjectLocation loc = p.put("r1.fq.gz", gz);
                List<ObjectInfo> infos = p.preprocess(FORMAT, opts, loc);
                List<List<Slice>> partitionings = List.of(
                        p.partition(FORMAT, opts, infos, "reads-batches", Map.of("count", "3")),
                        p.partition(FORMAT, opts, infos, "reads-batches", Map.of("count", "16")),
                        p.partition(FORMAT, opts, infos, "reads-per-slice", Map.of("reads", "777")));
                List<List<byte[]>> before = new ArrayList<>();
                for (List<Slice> slices : partitionings) {
                    before.add(slices.stream().map(p::evaluate).toList());
                    assertThat(FastqInteropTest.concat(p, slices)).isEqualTo(plain);
                }
                SlicePart middle = partitionings.get(0).get(1).parts().get(0);
                Corruptions.Flip flip = Corruptions.crcOnly(gz, plain, (middle.start() + middle.end()) / 2, middle.end() - 1);
                UnaryOperator<Slice> reach = damageBehindTheEtag(p, loc, flip, partitionings.get(0).get(0));
                for (int k = 0; k < partitionings.size(); k++) {
                    int failed = 0;
                    for (Slice original : partitionings.get(k)) {
                        Slice s = reach.apply(original);
                        String what = flavour.getKey() + ", partitioning " + k + ", slice " + s.index() + ", bit at " + flip;
                        if (s.parts().stream().anyMatch(q -> q.start() < flip.offset() && flip.offset() < q.end() - 1)) {
                            Throwable t = catchThrowable(() -> p.evaluate(s));
                            assertThat(t).as(what).isInstanceOf(DataFormatException.class).hasMessageContaining("r1.fq.gz")
                                    .hasMessageContaining("CRC mismatch");
                            assertThat(t.getCause()).as(what).isInstanceOfSatisfying(GzipFormatException.class,
                                    g -> assertThat(g.kind()).isEqualTo(GzipFormatException.Kind.CRC_MISMATCH));
                            failed++;
                        } else if (s.parts().stream().noneMatch(q -> q.start() <= flip.offset() && flip.offset() < q.end())) {
                            assertThat(p.evaluate(s)).as(what).isEqualTo(before.get(k).get(s.index()));
                        }
                    }
                    assertThat(failed).as("%s, partitioning %d: slices that fail", flavour.getKey(), k).isPositive();
                }
            }
        }
    }

    @Test
    void truncatedGzipFromARealToolIsRejected() throws IOException {
        byte[] gz = Files.readAllBytes(Tools.compress(Tools.wgsim(300), "gzip"));
        try (Pipeline p = pipeline("truncated")) {
            ObjectLocation loc = p.put("cut.fq.gz", Arrays.copyOf(gz, gz.length - 100));
            assertThatThrownBy(() -> p.preprocess(FORMAT, Map.of(), loc)).isInstanceOf(DataFormatException.class)
                    .hasMessageContaining("cut.fq.gz at byte").hasMessageContaining("truncated");
        }
    }
}
