package io.dataplug.core.formats.fastq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.storage.ObjectChangedException;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.Pipeline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Plain FASTQ made by wgsim, through the whole pipeline (chunked preprocessing, partitioning, evaluation) on
 * local files ({@link FastqLocalInteropTest}) and on an S3 server over HTTP ({@link FastqS3InteropTest}): every
 * slice count and strategy concatenates to the original file.
 */
abstract class FastqInteropTest {

    abstract Pipeline pipeline(String prefix);

    static byte[] concat(Pipeline p, List<Slice> slices) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Slice s : slices) {
            byte[] got = p.evaluate(s);
            assertThat(got).as("slice %d", s.index()).isNotEmpty();
            all.writeBytes(got);
        }
        return all.toByteArray();
    }

    @Test
    void wgsimReadsForEveryStrategyAndSliceCount() throws IOException {
        byte[] data = Files.readAllBytes(Tools.wgsim(20_000));
        try (Pipeline p = pipeline("wgsim").chunkSize(1 << 20)) {
            ObjectLocation loc = p.put("r1.fq", data);
            List<ObjectInfo> infos = p.preprocess("fastq", Map.of(), loc);
            assertThat(p.indexes("fastq", Map.of(), infos).get(0).attributes())
                    .containsEntry("reads", 20_000L).containsEntry("bases", 20_000L * 150);
            for (int count : new int[] {1, 3, 16, 100}) {
                List<Slice> slices = p.partition("fastq", Map.of(), infos, "reads-batches", Map.of("count", "" + count));
                assertThat(slices).hasSize(count);
                assertThat(concat(p, slices)).isEqualTo(data);
            }
            for (String per : new String[] {"1000", "7777", "20000", "50000"}) {
                List<Slice> slices = p.partition("fastq", Map.of(), infos, "reads-per-slice", Map.of("reads", per));
                assertThat(concat(p, slices)).isEqualTo(data);
            }
        }
    }

    @Test
    void moreSlicesThanReads() throws IOException {
        byte[] data = Files.readAllBytes(Tools.wgsim(300));
        try (Pipeline p = pipeline("few").chunkSize(16 << 10)) {
            List<ObjectInfo> infos = p.preprocess("fastq", Map.of("checkpoint-span", "4KiB"), p.put("r1.fq", data));
            List<Slice> slices = p.partition("fastq", Map.of("checkpoint-span", "4KiB"), infos, "reads-batches", Map.of("count", "1000"));
            assertThat(slices).hasSize(300);
            assertThat(concat(p, slices)).isEqualTo(data);
        }
    }

    @Test
    void objectChangedAfterPreprocessingIsRefused() throws Exception {
        byte[] data = new FastqGenerator(21).reads(200).generate();
        try (Pipeline p = pipeline("changed")) {
            ObjectLocation loc = p.put("r.fq", data);
            List<ObjectInfo> infos = p.preprocess("fastq", Map.of(), loc);
            List<Slice> slices = p.partition("fastq", Map.of(), infos, "reads-batches", Map.of("count", "2"));
            Thread.sleep(5); // local ETags include the modification time
            p.put("r.fq", new FastqGenerator(22).reads(200).generate());
            assertThatThrownBy(() -> p.evaluate(slices.get(1))).isInstanceOf(ObjectChangedException.class)
                    .hasMessageContaining("r.fq");
        }
    }

    @Test
    void malformedObjectIsRejectedWithObjectAndLine() {
        byte[] good = new FastqGenerator(23).reads(5000).lengths(100, 100).generate();
        String bad = new String(good, StandardCharsets.US_ASCII).replaceFirst("(?s)(read4321 [^\\n]*\\n[ACGTN]+\\n)\\+",
                "$1-");
        try (Pipeline p = pipeline("bad").chunkSize(64 << 10)) {
            ObjectLocation loc = p.put("bad.fq", bad.getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(() -> p.preprocess("fastq", Map.of(), loc)).isInstanceOf(DataFormatException.class)
                    .hasMessageContaining("bad.fq")
                    .hasMessageContaining("(line " + (4321 * 4 + 3) + ")")
                    .hasMessageContaining("expected the '+' separator line");
        }
    }
}
