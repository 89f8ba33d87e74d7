package io.dataplug.core.formats.fastq;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.index.IndexedObject;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.Pipeline;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain FASTQ on local files, with our own generator: chunking, phases, checkpoints, line endings. */
class FastqFormatTest {

    @TempDir
    Path dir;

    /** Preprocesses, partitions and checks: slices concatenate to the object, none empty, balanced. */
    static List<Slice> check(Pipeline p, String name, byte[] data, Map<String, String> options, String strategy,
                             Map<String, String> params, long expectedReads) {
        ObjectLocation loc = p.put(name, data);
        List<ObjectInfo> infos = p.preprocess("fastq", options, loc);
        IndexedObject idx = p.indexes("fastq", options, infos).get(0);
        assertThat(idx.attributes().get("reads")).isEqualTo(expectedReads);
        List<Slice> slices = p.partition("fastq", options, infos, strategy, params);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        long total = 0;
        long min = Long.MAX_VALUE;
        long max = 0;
        for (Slice s : slices) {
            byte[] got = p.evaluate(s);
            assertThat(got).as("slice %d of %d", s.index(), s.count()).isNotEmpty();
            long reads = FastqGenerator.lines(got) / 4;
            assertThat(reads).isEqualTo(s.parts(FastqCorrections.class).stream().mapToLong(x -> x.corrections().reads()).sum());
            min = Math.min(min, reads);
            max = Math.max(max, reads);
            total += reads;
            all.writeBytes(got);
        }
        assertThat(total).isEqualTo(expectedReads);
        assertThat(all.toByteArray()).isEqualTo(data);
        if (strategy.equals("reads-batches")) {
            int count = Integer.parseInt(params.get("count"));
            assertThat(slices).hasSize((int) Math.min(count, expectedReads));
            if (!slices.isEmpty()) {
                assertThat(max - min).isLessThanOrEqualTo(1);
            }
        } else {
            long per = Long.parseLong(params.get("reads"));
            assertThat(slices).hasSize((int) ((expectedReads + per - 1) / per));
        }
        return slices;
    }

    static Map<String, String> batches(int count) {
        return Map.of("count", Integer.toString(count));
    }

    @Test
    void roundTripsAcrossChunkSizesSpansAndStrategies() {
        byte[] data = new FastqGenerator(1).reads(3000).atQuality(0.5).generate();
        // one chunk: every strategy and count (FastqChunkingTest shows the index does not depend on chunking)
        try (Pipeline p = Pipeline.local(dir.resolve("one")).chunkSize(1 << 20)) {
            for (String span : new String[] {"1", "8KiB", "1MiB"}) {
                Map<String, String> opts = Map.of("checkpoint-span", span);
                boolean sparse = span.equals("1MiB");
                for (int count : sparse ? new int[] {1, 3, 16, 100} : new int[] {1, 3, 16, 100, 3001}) {
                    check(p, "r.fq", data, opts, "reads-batches", batches(count), 3000);
                }
                for (long per : sparse ? new long[] {1000, 2999, 3000, 100_000} : new long[] {1, 7, 1000, 2999}) {
                    check(p, "r.fq", data, opts, "reads-per-slice", Map.of("reads", Long.toString(per)), 3000);
                }
            }
        }
        // many chunks, in parallel, through the real task runner
        try (Pipeline p = Pipeline.local(dir.resolve("many")).chunkSize(4099)) {
            for (String span : new String[] {"1", "8KiB"}) {
                check(p, "r.fq", data, Map.of("checkpoint-span", span), "reads-batches", batches(16), 3000);
                check(p, "r.fq", data, Map.of("checkpoint-span", span), "reads-per-slice", Map.of("reads", "77"), 3000);
            }
        }
    }

    @Test
    void chunkBoundariesOnManyAtQualityLines() {
        byte[] data = new FastqGenerator(2).reads(400).lengths(0, 40).atQuality(0.9).generate();
        for (long chunk : new long[] {97, 1000, 4093}) {
            try (Pipeline p = Pipeline.local(dir.resolve("c" + chunk)).chunkSize(chunk)) {
                check(p, "r.fq", data, Map.of("checkpoint-span", "200"), "reads-batches", batches(7), 400);
            }
        }
    }

    @Test
    void phasesThatAreLocallyAmbiguousAreResolvedFromTheStart() {
        byte[] data = FastqGenerator.ambiguous(2000, 30);
        for (long chunk : new long[] {4093, 16411}) {
            try (Pipeline p = Pipeline.local(dir.resolve("c" + chunk)).chunkSize(chunk)) {
                check(p, "amb.fq", data, Map.of("checkpoint-span", "997"), "reads-batches", batches(13), 2000);
                check(p, "amb.fq", data, Map.of("checkpoint-span", "997"), "reads-per-slice", Map.of("reads", "3"), 2000);
            }
        }
    }

    @Test
    void sliceBoundariesExactlyOnCheckpoints() {
        // fixed-size records: 1 + 14 + 1 | 100 + 1 | 1 + 1 | 100 + 1 = 220 bytes; span of 40 records
        byte[] data = new FastqGenerator(3).reads(1000).lengths(100, 100).fixedHeader(true).generate();
        assertThat(data.length).isEqualTo(220_000);
        try (Pipeline p = Pipeline.local(dir).chunkSize(10_000)) {
            Map<String, String> opts = Map.of("checkpoint-span", Integer.toString(220 * 40));
            List<Slice> slices = check(p, "fixed.fq", data, opts, "reads-per-slice", Map.of("reads", "40"), 1000);
            long previousEnd = 0;
            for (Slice s : slices) {
                SlicePart<FastqCorrections> part = s.parts(FastqCorrections.class).get(0);
                assertThat(part.corrections().skip()).isZero();
                assertThat(part.start()).isEqualTo(previousEnd);
                assertThat(part.length()).isEqualTo(220 * 40);
                previousEnd = part.end();
            }
            assertThat(previousEnd).isEqualTo(data.length);
            // one read either side of every checkpoint
            check(p, "fixed.fq", data, opts, "reads-per-slice", Map.of("reads", "39"), 1000);
            check(p, "fixed.fq", data, opts, "reads-per-slice", Map.of("reads", "41"), 1000);
        }
    }

    @Test
    void oneReadFile() {
        try (Pipeline p = Pipeline.local(dir)) {
            byte[] one = new FastqGenerator(4).reads(1).generate();
            check(p, "one.fq", one, Map.of(), "reads-batches", batches(1), 1);
            check(p, "one.fq", one, Map.of(), "reads-batches", batches(100), 1);
            check(p, "one.fq", one, Map.of(), "reads-per-slice", Map.of("reads", "5"), 1);
            byte[] bare = new FastqGenerator(4).reads(1).finalNewline(false).generate();
            check(p, "bare.fq", bare, Map.of(), "reads-batches", batches(3), 1);
        }
    }

    @Test
    void crlfAndMissingFinalNewline() {
        try (Pipeline p = Pipeline.local(dir).chunkSize(8191)) {
            for (boolean crlf : new boolean[] {false, true}) {
                for (boolean nl : new boolean[] {false, true}) {
                    byte[] data = new FastqGenerator(5).reads(500).crlf(crlf).finalNewline(nl).repeatName(true)
                            .atQuality(0.5).generate();
                    String name = "e-" + crlf + "-" + nl + ".fq";
                    check(p, name, data, Map.of("checkpoint-span", "3000"), "reads-batches", batches(16), 500);
                    check(p, name, data, Map.of("checkpoint-span", "3000"), "reads-per-slice", Map.of("reads", "3"), 500);
                }
            }
        }
    }

    @Test
    void emptyObjectHasNoReadsAndNoSlices() {
        try (Pipeline p = Pipeline.local(dir)) {
            List<Slice> slices = check(p, "empty.fq", new byte[0], Map.of(), "reads-batches", batches(4), 0);
            assertThat(slices).isEmpty();
        }
    }

    @Test
    void readsAreNumberedAcrossObjects() {
        byte[] a = new FastqGenerator(6).reads(10).generate();
        byte[] b = new FastqGenerator(7).reads(0).generate();
        byte[] c = new FastqGenerator(8).reads(25).crlf(true).generate();
        try (Pipeline p = Pipeline.local(dir).chunkSize(500)) {
            List<ObjectInfo> infos = p.preprocess("fastq", Map.of(), p.put("a.fq", a), p.put("b.fq", b), p.put("c.fq", c));
            for (String[] strategy : new String[][] {{"reads-batches", "count", "4"}, {"reads-per-slice", "reads", "12"}}) {
                List<Slice> slices = p.partition("fastq", Map.of(), infos, strategy[0], Map.of(strategy[1], strategy[2]));
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (Slice s : slices) {
                    all.writeBytes(p.evaluate(s));
                }
                ByteArrayOutputStream expected = new ByteArrayOutputStream();
                expected.writeBytes(a);
                expected.writeBytes(c);
                assertThat(all.toByteArray()).isEqualTo(expected.toByteArray());
                assertThat(slices.stream().anyMatch(s -> s.parts().size() == 2)).isTrue();
            }
        }
    }
}
