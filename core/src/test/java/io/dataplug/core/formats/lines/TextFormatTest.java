package io.dataplug.core.formats.lines;

import static io.dataplug.core.formats.lines.LinesTesting.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.core.slice.Slice;
import io.dataplug.core.storage.ObjectChangedException;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.EmbeddedS3Extension;
import io.dataplug.core.testing.Pipeline;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The text format end to end, against local files ({@link LocalTest}) and the embedded S3 server ({@link S3Test}). */
abstract class TextFormatTest extends RoundTripSupport {

    private static final Map<String, String> NONE = Map.of();

    @Test
    void generatedLinesWithCrlfAndBytesThatAreNotUtf8() {
        try (Pipeline p = pipeline("generated")) {
            byte[] data = LinesTesting.text(new Random(21), 1500, true);
            Dataset d = load(p, "text", Map.of("checkpoint-span", "1KiB"), data);
            checkCounts(p, d, 1, 2, 7, 64);
            checkSizes(p, d, "8KiB", "64MiB");
            if (thorough()) {
                checkCounts(p, load(p, "text", NONE, data), 7);
            }
        }
    }

    @Test
    void moreSlicesThanLinesWithoutTrailingNewline() {
        try (Pipeline p = pipeline("tiny").chunkSize(tinyChunk(64))) {
            byte[] data = LinesTesting.text(new Random(22), 30, false);
            checkStandard(p, load(p, "text", Map.of("checkpoint-span", "16"), data));
            if (thorough()) {
                checkCounts(p, load(p, "text", NONE, data), 29, 30, 31, 1000);
            }
        }
    }

    @Test
    void pythonWrittenText() throws Exception {
        Assumptions.assumeTrue(LinesTesting.hasPython(), "python3 is not installed");
        try (Pipeline p = pipeline("python")) {
            String[][] variants = {{"LF", "true"}, {"CRLF", "false"}, {"CRLF", "true"}};
            int round = 0;
            for (String[] v : thorough() ? variants : new String[][] {variants[1]}) {
                byte[] data = LinesTesting.pythonText(tmp, 200 + round++, 800, v[0], Boolean.parseBoolean(v[1]));
                Dataset d = load(p, "text", Map.of("checkpoint-span", "2KiB"), data);
                assertThat(d.records()).isEqualTo(800);
                checkCounts(p, d, 1, 2, 7, 64);
                checkSizes(p, d, "5KiB");
                // Line by line, the slices hold Python's lines in order.
                List<String> lines = new ArrayList<>();
                for (byte[] s : slices(p, d, LinesFormat.CHUNKS, Map.of("count", "9"))) {
                    String t = new String(s, StandardCharsets.UTF_8);
                    lines.addAll(List.of(t.split(v[0].equals("LF") ? "\n" : "\r\n", -1)));
                    if (t.endsWith("\n")) {
                        lines.remove(lines.size() - 1);
                    }
                }
                assertThat(String.join(v[0].equals("LF") ? "\n" : "\r\n", lines) + (v[1].equals("true")
                        ? (v[0].equals("LF") ? "\n" : "\r\n") : "")).isEqualTo(new String(data, StandardCharsets.UTF_8));
                assertThat(lines).hasSize(800);
            }
        }
    }

    @Test
    void splitPointsExactlyOnLineBoundaries() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            sb.append(String.format("line %03d\r\n", i));
        }
        byte[] data = utf8(sb.toString());
        assertThat(data).hasSize(640);
        try (Pipeline p = pipeline("aligned").chunkSize(tinyChunk(10))) {
            for (String span : thorough() ? List.of("10", "30", "1MiB") : List.of("10")) {
                Dataset d = load(p, "text", Map.of("checkpoint-span", span), data);
                checkCounts(p, d, 1, 2, 7, 32, 64, 65);
                checkSizes(p, d, "10", "20", "1KiB");
                List<byte[]> each = slices(p, d, LinesFormat.CHUNKS, Map.of("count", "64"));
                for (int i = 0; i < 64; i++) {
                    assertThat(new String(each.get(i), StandardCharsets.UTF_8)).isEqualTo(String.format("line %03d\r\n", i));
                }
            }
        }
    }

    @Test
    void smallAndEmptyObjects() {
        try (Pipeline p = pipeline("small").chunkSize(tinyChunk(2))) {
            for (String s : List.of("", "x", "one line\n", "\n", "\r\n", "\n\n\n", "a\nb", "a\r\nb\r\n")) {
                byte[] data = utf8(s);
                Dataset d = load(p, "text", NONE, data);
                checkCounts(p, d, thorough() ? new long[] {1, 2, 7} : new long[] {7});
                checkSizes(p, d, "1");
                if (s.isEmpty()) {
                    // An empty object: one slice, empty.
                    List<byte[]> slices = slices(p, d, LinesFormat.CHUNKS, Map.of("count", "3"));
                    assertThat(slices).hasSize(1);
                    assertThat(slices.get(0)).isEmpty();
                }
            }
        }
    }

    @Test
    void megabyteLines() {
        Random rnd = new Random(23);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            int len = i % 11 == 3 ? (1 << 20) + rnd.nextInt(1000) : rnd.nextInt(50);
            for (int j = 0; j < len; j++) {
                sb.append((char) ('a' + rnd.nextInt(26)));
            }
            sb.append(i % 2 == 0 ? "\n" : "\r\n");
        }
        byte[] data = utf8(sb.toString());
        try (Pipeline p = pipeline("mega").chunkSize(64 << 10)) {
            // Several checkpoint spans fall inside one line: they all point at the same line start.
            Dataset d = load(p, "text", Map.of("checkpoint-span", "64KiB"), data);
            // Slices whose own range lies inside a 1 MB record read nothing; the others read less than a span
            // before their range, and past it only to finish their last record (and up to a span more).
            long fetched = p.partition("text", d.options(), d.objects(), LinesFormat.CHUNKS, Map.of("count", "64"))
                    .stream().mapToLong(Slice::bytes).sum();
            assertThat(fetched).isLessThanOrEqualTo(2L * data.length + 64L * 2 * (64 << 10));
            checkCounts(p, d, 1, 2, 7, 64);
            checkSizes(p, d, "512KiB");
            if (thorough()) {
                checkCounts(p, load(p, "text", NONE, data), 7);
            }
        }
    }

    @Test
    void datasetOfSeveralObjects() {
        Random rnd = new Random(24);
        byte[][] objects = {LinesTesting.text(rnd, 200, true), new byte[0], LinesTesting.text(rnd, 1, false),
                LinesTesting.text(rnd, 300, false), utf8("\n")};
        try (Pipeline p = pipeline("multi")) {
            // An object without a final newline ends its last line there: the next object's first line is
            // another record, so reassembly is the objects' bytes end to end.
            Dataset d = load(p, "text", Map.of("checkpoint-span", "1KiB"), objects);
            assertThat(d.original()).isEqualTo(LinesTesting.concat(objects));
            checkStandard(p, d);
        }
    }

    @Test
    void changedObjectFailsInsteadOfMixingVersions() throws Exception {
        try (Pipeline p = pipeline("changed")) {
            byte[] data = LinesTesting.text(new Random(25), 300, true);
            ObjectLocation loc = p.put("changing.txt", data);
            List<ObjectInfo> infos = p.preprocess("text", NONE, loc);
            List<Slice> slices = p.partition("text", NONE, infos, LinesFormat.CHUNKS, Map.of("count", "3"));
            Thread.sleep(5); // local ETags include the modification time
            p.put("changing.txt", LinesTesting.concat(data, utf8("one more line\n")));
            for (Slice s : slices) {
                assertThatThrownBy(() -> p.evaluate(s)).isInstanceOf(ObjectChangedException.class)
                        .hasMessageContaining("changing.txt");
            }
        }
    }

    static final class LocalTest extends TextFormatTest {
        @Override
        Pipeline pipeline(String name) {
            return Pipeline.local(tmp.resolve(name)).chunkSize(CHUNK);
        }
    }

    static final class S3Test extends TextFormatTest {
        private static final AtomicInteger PREFIX = new AtomicInteger();
        @RegisterExtension
        static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

        @Override
        boolean thorough() {
            return false;
        }

        @Override
        Pipeline pipeline(String name) {
            return Pipeline.s3(S3.server(), "text-" + PREFIX.incrementAndGet() + "-" + name + "/").chunkSize(CHUNK);
        }
    }
}
