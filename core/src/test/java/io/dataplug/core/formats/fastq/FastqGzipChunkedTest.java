package io.dataplug.core.formats.fastq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dataplug.core.format.IndexingContext;
import io.dataplug.core.format.ObjectIndex;
import io.dataplug.core.format.Params;
import io.dataplug.core.gzip.GzipRangeResult;
import io.dataplug.core.gzip.GzipTestData;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.testing.InMemoryIndexingContext;
import io.dataplug.core.testing.RequiresTools;
import io.dataplug.core.util.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * fastq-gzip in map tasks over compressed byte ranges of one object: the finalize joins the ranges into exactly the
 * index (table, read numbers, windows file) that the sequential scan makes, or falls back to that scan (several
 * members, one range) — and a bad record or bad gzip in any range is the sequential path's error.
 */
@RequiresTools({"gzip", "pigz"})
class FastqGzipChunkedTest {

    private static final FastqGzipFormat FORMAT = new FastqGzipFormat();
    private static final Map<String, String> OPTIONS = Map.of("checkpoint-span", "256KiB");

    @Test
    void gzipLevelsAndPigzJoinIntoTheSequentialIndex() throws IOException {
        byte[] fastq = GzipTestData.fastq(1, 3_000_000);
        for (String[] cmd : List.of(new String[] {"gzip", "-1", "-c"}, new String[] {"gzip", "-6", "-c"},
                new String[] {"gzip", "-9", "-c"}, new String[] {"pigz", "-c", "-p", "2"})) {
            byte[] gz = GzipTestData.pipe(fastq, cmd);
            for (int k : new int[] {2, 3, 7}) {
                sameAsSequential(gz, (gz.length + k - 1) / k, String.join(" ", cmd) + " in " + k + " ranges", true);
            }
        }
    }

    @Test
    void rangesWithoutABlockStartMergeIntoTheirPredecessor() throws IOException {
        byte[] gz = GzipTestData.pipe(GzipTestData.fastq(2, 2_000_000), "gzip", "-6", "-c");
        // 5 KiB ranges: most hold no block start (gzip -6 blocks are tens of KiB) and are decoded by the one before
        sameAsSequential(gz, 5 << 10, "5 KiB ranges", true);
        List<GzipRangeResult> results = map(gz, 5 << 10);
        assertThat(results).extracting(GzipRangeResult::outcome).contains(GzipRangeResult.Outcome.NO_START);
    }

    @Test
    void storedBlocks() throws IOException {
        byte[] stored = GzipTestData.deflaterGzip(GzipTestData.fastq(5, 1_000_000), 0, Deflater.DEFAULT_STRATEGY,
                70_000, Deflater.NO_FLUSH);
        sameAsSequential(stored, stored.length / 4 + 1, "level 0 (stored only)", true);
        byte[] flushed = GzipTestData.deflaterGzip(GzipTestData.fastq(6, 1_000_000), 6, Deflater.DEFAULT_STRATEGY,
                50_000, Deflater.SYNC_FLUSH);
        sameAsSequential(flushed, flushed.length / 5 + 1, "sync flushes (empty stored blocks)", true);
    }

    @Test
    void backReferencesReachAcrossEveryRangeBoundary() throws IOException {
        // the same 30 KiB of reads again and again with one base changed each time: matches reach ~30 KiB back, so
        // every range starts with placeholders that only the previous range's window resolves
        byte[] unit = GzipTestData.fastq(7, 30 * 1024);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        byte[] bases = {'A', 'C', 'G', 'T'};
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int i = 0; i < 250; i++) {
            byte[] copy = unit.clone();
            for (int m = 0; m < 600; m++) { // 2% of the bytes: many blocks, matches still ~30 KiB long
                int at = rnd.nextInt(copy.length);
                if (copy[at] == 'A' || copy[at] == 'C' || copy[at] == 'G' || copy[at] == 'T') {
                    copy[at] = bases[rnd.nextInt(4)];
                }
            }
            data.writeBytes(copy);
        }
        byte[] gz = GzipTestData.pipe(data.toByteArray(), "gzip", "-9", "-c");
        for (int k : new int[] {2, 5, 9}) {
            sameAsSequential(gz, (gz.length + k - 1) / k, "long back-references in " + k + " ranges", true);
        }
    }

    @Test
    void severalMembersAndOneRangeAreIndexedSequentially() throws IOException {
        byte[] fastq = GzipTestData.fastq(3, 1_500_000);
        int cut = indexOfNth(fastq, '\n', 4 * 3000) + 1;
        byte[] gz = GzipTestData.multiMember(List.of(java.util.Arrays.copyOfRange(fastq, 0, cut),
                java.util.Arrays.copyOfRange(fastq, cut, fastq.length)));
        sameAsSequential(gz, gz.length / 4 + 1, "two members", false);
        byte[] single = GzipTestData.pipe(fastq, "gzip", "-6", "-c");
        sameAsSequential(single, single.length, "one range", false);
        assertThat(map(single, single.length)).extracting(GzipRangeResult::outcome)
                .containsExactly(GzipRangeResult.Outcome.SEQUENTIAL);
    }

    /**
     * Map results edited in the metadata store (another range's window, a shifted boundary, a wrong length): the
     * finalize decodes the ranges itself, so the member's CRC or the boundaries disagree and it scans sequentially.
     */
    @Test
    void editedMapResultsStillGiveTheSequentialIndex() throws IOException {
        byte[] gz = GzipTestData.pipe(GzipTestData.fastq(9, 1_500_000), "gzip", "-6", "-c");
        long chunk = gz.length / 3 + 1;
        List<GzipRangeResult> clean = map(gz, chunk);
        assertThat(clean).extracting(GzipRangeResult::outcome).containsOnly(GzipRangeResult.Outcome.DECODED);
        GzipRangeResult a = clean.get(1);
        GzipRangeResult b = clean.get(2);
        List<GzipRangeResult> otherWindow = List.of(clean.get(0), new GzipRangeResult(a.outcome(), a.startBit(),
                a.latestStartBit(), a.endBit(), a.last(), a.length(), a.candidateBits(), a.candidateOffsets(), b.window()),
                b);
        long[] shifted = a.candidateBits().clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += 1; // no block boundary at any of them (the range holds several checkpoints)
        }
        List<GzipRangeResult> shiftedBoundary = List.of(clean.get(0), new GzipRangeResult(a.outcome(), a.startBit(),
                a.latestStartBit(), a.endBit(), a.last(), a.length(), shifted, a.candidateOffsets(), a.window()), b);
        List<GzipRangeResult> longer = List.of(clean.get(0), new GzipRangeResult(a.outcome(), a.startBit(),
                a.latestStartBit(), a.endBit(), a.last(), a.length() + 1, a.candidateBits(), a.candidateOffsets(),
                a.window()), b);
        Ctx seqCtx = new Ctx(gz);
        ObjectIndex<GzipReadIndex> sequential = FORMAT.buildIndex(seqCtx, List.of());
        long span = Params.parse(FORMAT.options(), OPTIONS, "test").getLong(FastqFormat.SPAN);
        for (var edited : List.of(Map.entry("another range's window", otherWindow),
                Map.entry("shifted block boundaries", shiftedBoundary), Map.entry("a wrong length", longer))) {
            assertThat(FastqGzipChunked.join(new Ctx(gz), span, edited.getValue(), FastqGzipFormat.WINDOWS))
                    .as(edited.getKey()).isEmpty();
            Ctx ctx = new Ctx(gz);
            ObjectIndex<GzipReadIndex> got = FORMAT.buildIndex(ctx, edited.getValue());
            assertThat(Json.tree(got.index())).as(edited.getKey()).isEqualTo(Json.tree(sequential.index()));
            assertThat(ctx.sideFiles.get(FastqGzipFormat.WINDOWS)).as(edited.getKey())
                    .isEqualTo(seqCtx.sideFiles.get(FastqGzipFormat.WINDOWS));
        }
    }

    @Test
    void aBadRecordInALaterRangeIsTheSequentialError() throws IOException {
        byte[] fastq = GzipTestData.fastq(4, 2_000_000);
        int sep = indexOfNth(fastq, '\n', 4 * 3000 + 2) + 1; // the '+' line of read 3000, far into the data
        assertThat(fastq[sep]).isEqualTo((byte) '+');
        fastq[sep] = '-';
        byte[] gz = GzipTestData.pipe(fastq, "gzip", "-6", "-c");
        Throwable sequential = catchThrowable(() -> FORMAT.buildIndex(new Ctx(gz), List.of()));
        Throwable chunked = catchThrowable(() -> FORMAT.buildIndex(new Ctx(gz), map(gz, gz.length / 3 + 1)));
        assertThat(sequential).isNotNull();
        assertThat(chunked).isInstanceOf(sequential.getClass()).hasMessage(sequential.getMessage());
    }

    @Test
    void truncatedGzipIsTheSequentialError() throws IOException {
        byte[] gz = GzipTestData.pipe(GzipTestData.fastq(8, 1_000_000), "gzip", "-6", "-c");
        byte[] cut = java.util.Arrays.copyOf(gz, gz.length - 5000);
        Throwable sequential = catchThrowable(() -> FORMAT.buildIndex(new Ctx(cut), List.of()));
        Throwable chunked = catchThrowable(() -> FORMAT.buildIndex(new Ctx(cut), map(cut, cut.length / 3 + 1)));
        assertThat(sequential).isNotNull();
        assertThat(chunked).isInstanceOf(sequential.getClass()).hasMessage(sequential.getMessage());
    }

    private static void sameAsSequential(byte[] gz, long chunk, String what, boolean joined) throws IOException {
        Ctx seqCtx = new Ctx(gz);
        ObjectIndex<GzipReadIndex> sequential = FORMAT.buildIndex(seqCtx, List.of());
        List<GzipRangeResult> results = map(gz, chunk);
        Ctx joinCtx = new Ctx(gz);
        long span = Params.parse(FORMAT.options(), OPTIONS, "test").getLong(FastqFormat.SPAN);
        Optional<ObjectIndex<GzipReadIndex>> join = FastqGzipChunked.join(joinCtx, span, results, FastqGzipFormat.WINDOWS);
        assertThat(join.isPresent()).as("%s: joined in parallel", what).isEqualTo(joined);
        Ctx formatCtx = new Ctx(gz);
        ObjectIndex<GzipReadIndex> viaFormat = FORMAT.buildIndex(formatCtx, results);
        List<Map.Entry<Ctx, ObjectIndex<GzipReadIndex>>> got = new ArrayList<>();
        join.ifPresent(j -> got.add(Map.entry(joinCtx, j)));
        got.add(Map.entry(formatCtx, viaFormat));
        for (var pair : got) {
            assertThat(Json.tree(pair.getValue().index())).as(what).isEqualTo(Json.tree(sequential.index()));
            assertThat(pair.getValue().attributes()).as(what).isEqualTo(sequential.attributes());
            assertThat(pair.getKey().sideFiles.keySet()).as(what).isEqualTo(seqCtx.sideFiles.keySet());
            for (String name : seqCtx.sideFiles.keySet()) {
                assertThat(pair.getKey().sideFiles.get(name)).as(what + ": " + name).isEqualTo(seqCtx.sideFiles.get(name));
            }
        }
        assertThat(sequential.index().checkpoints().size()).as(what).isGreaterThan(2);
    }

    static List<GzipRangeResult> map(byte[] gz, long chunk) throws IOException {
        List<GzipRangeResult> out = new ArrayList<>();
        for (long s = 0; s < gz.length; s += chunk) {
            GzipRangeResult r = FORMAT.indexChunk(new Ctx(gz), s, Math.min(gz.length, s + chunk));
            // through JSON, as the chunk result is stored between the map task and the finalize
            out.add(Json.read(Json.bytes(r), GzipRangeResult.class));
        }
        return out;
    }

    private static int indexOfNth(byte[] b, char c, int n) {
        int seen = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == c && ++seen == n) {
                return i;
            }
        }
        throw new IllegalArgumentException("fewer than " + n + " of " + c);
    }

    /** An in-memory object whose side files are kept for comparison. */
    private static final class Ctx implements IndexingContext {
        final InMemoryIndexingContext mem;
        final Map<String, byte[]> sideFiles = new TreeMap<>();

        Ctx(byte[] gz) {
            mem = new InMemoryIndexingContext(FORMAT, OPTIONS, "/mem.fq.gz", gz);
        }

        @Override
        public ObjectInfo source() {
            return mem.source();
        }

        @Override
        public Params options() {
            return mem.options();
        }

        @Override
        public InputStream open(long start, long end) {
            return mem.open(start, end);
        }

        @Override
        public synchronized void writeSideFile(String name, byte[] data) {
            sideFiles.put(name, data);
        }

        @Override
        public LongConsumer progress() {
            return b -> { };
        }
    }
}
