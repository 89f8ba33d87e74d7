package io.dataplug.core.formats.lines;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.index.IndexedObject;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.testing.EmbeddedS3Extension;
import io.dataplug.core.testing.Pipeline;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Text with {@code index=header-only}: preprocessing records no checkpoints and no line count, slices find
 * their first line at evaluation. Every slicing is checked against line starts found by the test's own splitter
 * ({@link LinesTesting#recordStarts}), for many slice counts and sizes, and against the checkpoint index.
 */
abstract class HeaderOnlyTextTest extends RoundTripSupport {

    private static final Map<String, String> HEADER_ONLY = Map.of("index", "header-only");

    @Test
    void exactForManySliceCounts() {
        try (Pipeline p = pipeline("counts")) {
            byte[] data = LinesTesting.text(new Random(31), 1200, true);
            List<ObjectInfo> infos = List.of(p.store().head(p.put("lines.txt", data)));
            p.preprocess("text", HEADER_ONLY, infos.get(0).location());
            for (IndexedObject<?> o : p.indexes("text", HEADER_ONLY, infos)) {
                assertThat(o.attributes()).as("no line count in header-only mode").isEmpty();
                assertThat(((LineIndex) o.index()).offsets()).isEmpty();
            }
            List<Long> starts = LinesTesting.recordStarts(data, ',', -1);
            long[] counts = thorough() ? new long[] {1, 2, 3, 5, 7, 16, 64, 333, 1200, 5000} : new long[] {1, 7, 64};
            for (long count : counts) {
                List<byte[]> slices = slices(p, infos, LinesFormat.CHUNKS, Map.of("count", Long.toString(count)));
                assertThat(slices).hasSize((int) Math.min(count, data.length));
                LinesTesting.assertExact("header-only count=" + count, data, new byte[0], starts, slices);
            }
            for (String size : thorough() ? List.of("100", "4KiB", "64KiB") : List.of("4KiB")) {
                List<byte[]> slices = slices(p, infos, LinesFormat.CHUNK_SIZE, Map.of("bytes", size));
                LinesTesting.assertExact("header-only bytes=" + size, data, new byte[0], starts, slices);
            }
        }
    }

    @Test
    void sameSlicesAsTheCheckpointIndexWhenEverySliceHoldsALine() {
        try (Pipeline p = pipeline("same")) {
            byte[] data = LinesTesting.text(new Random(32), 900, false);
            List<ObjectInfo> a = List.of(p.store().head(p.put("a.txt", data)));
            p.preprocess("text", HEADER_ONLY, a.get(0).location());
            List<ObjectInfo> b = List.of(p.store().head(p.put("b.txt", data)));
            p.preprocess("text", Map.of("checkpoint-span", "1KiB"), b.get(0).location());
            Map<String, String> params = Map.of("count", "9");
            List<byte[]> headerOnly = slices(p, a, LinesFormat.CHUNKS, params);
            List<byte[]> checkpoints = new ArrayList<>();
            for (Slice s : p.partition("text", Map.of("checkpoint-span", "1KiB"), b, LinesFormat.CHUNKS, params)) {
                checkpoints.add(p.evaluate(s));
            }
            assertThat(headerOnly).hasSameSizeAs(checkpoints);
            for (int i = 0; i < headerOnly.size(); i++) {
                assertThat(headerOnly.get(i)).as("slice " + i).isEqualTo(checkpoints.get(i));
            }
        }
    }

    @Test
    void linesLongerThanSlicesEmptyLinesAndOddEnds() {
        try (Pipeline p = pipeline("odd")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes("\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes("x".repeat(20_000).getBytes(StandardCharsets.US_ASCII)); // spans many slices
            out.writeBytes("\nshort\n\n\u00e9\u00e9\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(new byte[] {(byte) 0xff, (byte) 0x80, '\n', 'e', 'n', 'd'}); // no final line feed
            byte[] data = out.toByteArray();
            List<ObjectInfo> infos = List.of(p.store().head(p.put("odd.txt", data)));
            p.preprocess("text", HEADER_ONLY, infos.get(0).location());
            List<Long> starts = LinesTesting.recordStarts(data, ',', -1);
            for (long count : thorough() ? new long[] {1, 2, 4, 10, 100, 20_100} : new long[] {1, 4, 100}) {
                List<byte[]> slices = slices(p, infos, LinesFormat.CHUNKS, Map.of("count", Long.toString(count)));
                LinesTesting.assertExact("odd count=" + count, data, new byte[0], starts, slices);
            }
            byte[] one = "no line feed at all".getBytes(StandardCharsets.US_ASCII);
            List<ObjectInfo> single = List.of(p.store().head(p.put("one.txt", one)));
            p.preprocess("text", HEADER_ONLY, single.get(0).location());
            LinesTesting.assertExact("single line", one, new byte[0], List.of(0L),
                    slices(p, single, LinesFormat.CHUNKS, Map.of("count", "5")));
            List<ObjectInfo> empty = List.of(p.store().head(p.put("empty.txt", new byte[0])));
            p.preprocess("text", HEADER_ONLY, empty.get(0).location());
            List<byte[]> none = slices(p, empty, LinesFormat.CHUNKS, Map.of("count", "5"));
            assertThat(none).hasSize(1);
            assertThat(none.get(0)).isEmpty();
        }
    }

    @Test
    void unknownIndexModeIsRefused() {
        try (Pipeline p = pipeline("bad")) {
            var loc = p.put("x.txt", "a\n".getBytes(StandardCharsets.US_ASCII));
            Throwable t = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                    () -> p.preprocess("text", Map.of("index", "sparse"), loc));
            while (!(t instanceof InvalidRequestException) && t.getCause() != null) {
                t = t.getCause(); // the task runner may wrap it
            }
            assertThat(t).isInstanceOf(InvalidRequestException.class).hasMessageContaining("header-only");
        }
    }

    private static List<byte[]> slices(Pipeline p, List<ObjectInfo> infos, String strategy, Map<String, String> params) {
        List<byte[]> out = new ArrayList<>();
        for (Slice s : p.partition("text", HEADER_ONLY, infos, strategy, params)) {
            out.add(p.evaluate(s));
        }
        return out;
    }

    static final class LocalTest extends HeaderOnlyTextTest {
        @Override
        Pipeline pipeline(String name) {
            return Pipeline.local(tmp.resolve(name)).chunkSize(CHUNK);
        }
    }

    static final class S3Test extends HeaderOnlyTextTest {
        private static final AtomicInteger PREFIX = new AtomicInteger();
        @RegisterExtension
        static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

        @Override
        boolean thorough() {
            return false;
        }

        @Override
        Pipeline pipeline(String name) {
            return Pipeline.s3(S3.server(), "text-ho-" + PREFIX.incrementAndGet() + "-" + name + "/").chunkSize(CHUNK);
        }
    }
}
