package io.dataplug.core.formats.lines;

import static io.dataplug.core.formats.lines.LinesTesting.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.slice.Slice;
import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.storage.ObjectChangedException;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.testing.EmbeddedS3Extension;
import io.dataplug.core.testing.Pipeline;
import io.dataplug.core.util.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The csv format end to end, against local files ({@link LocalTest}) and the embedded S3 server ({@link S3Test}). */
abstract class CsvFormatTest extends RoundTripSupport {

    @Test
    void generatedCsvWithEveryQuotingHazard() {
        try (Pipeline p = pipeline("generated")) {
            // ~60 KB in 4 KiB chunks: chunks start inside quoted fields, between \r and \n...
            byte[] data = LinesTesting.csv(new Random(1), 1200, ',', false, true);
            Dataset d = load(p, "csv", Map.of("checkpoint-span", "1KiB"), data);
            checkCounts(p, d, 1, 2, 7, 64);
            checkSizes(p, d, "4KiB", "64MiB");
            if (thorough()) {
                // Default span: a single checkpoint table entry per object, slices scan from the first row.
                checkCounts(p, load(p, "csv", Map.of(), data), 7);
            }
        }
    }

    @Test
    void tabSeparatedCrlfWithoutTrailingNewline() {
        try (Pipeline p = pipeline("tsv")) {
            byte[] data = LinesTesting.csv(new Random(2), 300, '\t', true, false);
            checkStandard(p, load(p, "csv", Map.of("separator", "tab", "checkpoint-span", "2KiB"), data));
        }
    }

    @Test
    void moreSlicesThanRowsInASmallTrickyCsv() {
        try (Pipeline p = pipeline("tiny").chunkSize(tinyChunk(16))) {
            byte[] data = LinesTesting.csv(new Random(3), 25, ';', false, true);
            Dataset d = load(p, "csv", Map.of("separator", ";", "checkpoint-span", "8"), data);
            checkCounts(p, d, 1, 2, 7, 24, 25, 26, 64, 1000);
            checkSizes(p, d, "1", "10", "100", "1MiB");
        }
    }

    @Test
    void pythonCsvModuleOutput() throws Exception {
        Assumptions.assumeTrue(LinesTesting.hasPython(), "python3 is not installed");
        try (Pipeline p = pipeline("python")) {
            int round = 0;
            String[][] variants = {{",", "\r\n", "0"}, {";", "\n", "1"}, {"\t", "\r\n", "2"}};
            for (String[] variant : thorough() ? variants : new String[][] {variants[0]}) {
                LinesTesting.PyCsv py = LinesTesting.pythonCsv(tmp, 100 + round, round == 0 ? 1500 : 300, variant[0],
                        variant[1], Integer.parseInt(variant[2]));
                Map<String, String> opts = Map.of("separator", variant[0].equals("\t") ? "tab" : variant[0],
                        "checkpoint-span", "1KiB");
                // Our reading of the bytes is Python's.
                assertThat(LinesTesting.parseCsv(py.data(), variant[0].charAt(0), '"')).isEqualTo(py.rows());
                Dataset d = load(p, "csv", opts, py.data());
                assertThat(d.records()).isEqualTo(py.rows().size() - 1);
                checkCounts(p, d, 1, 2, 7, 64);
                checkSizes(p, d, "3KiB");
                // Parsed slice by slice, the rows are Python's rows, in order.
                List<List<String>> rows = new ArrayList<>();
                for (byte[] slice : slices(p, d, LinesFormat.CHUNKS, Map.of("count", "7"))) {
                    List<List<String>> parsed = LinesTesting.parseCsv(slice, variant[0].charAt(0), '"');
                    assertThat(parsed.get(0)).isEqualTo(py.rows().get(0));
                    rows.addAll(parsed.subList(1, parsed.size()));
                }
                assertThat(rows).isEqualTo(py.rows().subList(1, py.rows().size()));
                round++;
            }
        }
    }

    @Test
    void splitPointsExactlyOnRowBoundaries() {
        // A 10-byte header and 64 rows of 10 bytes: cuts for 2 and 64 slices fall exactly on row starts, and
        // with 10-byte chunks and spans so do the chunk boundaries and the checkpoints.
        StringBuilder sb = new StringBuilder("h,eader12\n");
        for (int i = 0; i < 64; i++) {
            sb.append(String.format("%03d,\"a,b\"%n", i).replace(System.lineSeparator(), "\n"));
        }
        byte[] data = utf8(sb.toString());
        assertThat(data).hasSize(650);
        try (Pipeline p = pipeline("aligned").chunkSize(tinyChunk(10))) {
            for (String span : thorough() ? List.of("10", "20", "1MiB") : List.of("20")) {
                Dataset d = load(p, "csv", Map.of("checkpoint-span", span), data);
                checkCounts(p, d, 1, 2, 7, 32, 64, 65);
                checkSizes(p, d, "10", "20", "30");
                List<byte[]> one = slices(p, d, LinesFormat.CHUNKS, Map.of("count", "64"));
                for (int i = 0; i < 64; i++) {
                    assertThat(new String(one.get(i), java.nio.charset.StandardCharsets.UTF_8))
                            .isEqualTo(String.format("h,eader12\n%03d,\"a,b\"\n", i));
                }
            }
        }
    }

    @Test
    void smallAndEmptyObjects() {
        try (Pipeline p = pipeline("small").chunkSize(tinyChunk(3))) {
            for (String s : List.of("", "h1,h2", "h1,h2\n", "h1,\"h\n2\"\r\n", "h1,h2\n1,2", "h1,h2\r\n1,2\r\n", "h\n\n")) {
                byte[] data = utf8(s);
                Dataset d = load(p, "csv", Map.of(), data);
                checkCounts(p, d, thorough() ? new long[] {1, 2, 7} : new long[] {7});
                checkSizes(p, d, "1");
                List<byte[]> slices = slices(p, d, LinesFormat.CHUNKS, Map.of("count", "5"));
                if (d.records() == 0) {
                    // No rows: one slice, the header alone (nothing at all for an empty object).
                    assertThat(slices).hasSize(1);
                    assertThat(slices.get(0)).isEqualTo(data);
                }
            }
        }
    }

    @Test
    void megabyteRows() {
        StringBuilder sb = new StringBuilder("id,blob,n\n");
        Random rnd = new Random(4);
        for (int i = 0; i < 40; i++) {
            sb.append(i).append(',');
            if (i % 13 == 5) {
                sb.append('"');
                for (int j = 0; j < (1 << 20); j++) {
                    int k = rnd.nextInt(64);
                    sb.append(k == 0 ? '\n' : k == 1 ? ',' : k == 2 ? "\"\"" : k == 3 ? "\r\n" : (char) ('a' + k % 26));
                }
                sb.append('"');
            } else {
                sb.append("small");
            }
            sb.append(',').append(i).append("\r\n");
        }
        byte[] data = utf8(sb.toString());
        try (Pipeline p = pipeline("mega").chunkSize(64 << 10)) {
            Dataset d = load(p, "csv", Map.of("checkpoint-span", "64KiB"), data);
            // Slices whose own range lies inside a 1 MB record read nothing; the others read less than a span
            // before their range, and past it only to finish their last record (and up to a span more).
            long fetched = p.partition("csv", d.options(), d.objects(), LinesFormat.CHUNKS, Map.of("count", "64"))
                    .stream().mapToLong(Slice::bytes).sum();
            assertThat(fetched).isLessThanOrEqualTo(2L * data.length + 64L * 2 * (64 << 10));
            checkCounts(p, d, 1, 2, 7, 64);
            checkSizes(p, d, "256KiB");
            if (thorough()) {
                checkCounts(p, load(p, "csv", Map.of(), data), 7);
            }
        }
    }

    @Test
    void optionsHeaderOffAndQuotingOff() {
        byte[] data = utf8("1,\"a\n2,b\"\n3,5'11\"\n4,\"\"\n");
        try (Pipeline p = pipeline("options").chunkSize(tinyChunk(5))) {
            Dataset quoted = load(p, "csv", Map.of("header", "false"), data);
            assertThat(quoted.records()).isEqualTo(3);
            checkStandard(p, quoted);
            if (!thorough()) {
                return; // the options are storage-independent: the other variants run on local files
            }
            Dataset lines = load(p, "csv", Map.of("header", "false", "quote", "none"), data);
            assertThat(lines.records()).isEqualTo(4);
            checkStandard(p, lines);
            Dataset headed = load(p, "csv", Map.of("quote", "none"), data);
            assertThat(headed.header()).isEqualTo(utf8("1,\"a\n"));
            checkStandard(p, headed);
        }
    }

    @Test
    void datasetOfSeveralObjectsSharesOneHeaderPerSlice() {
        byte[] header = utf8("k,\"v\nv\"\n");
        Random rnd = new Random(5);
        List<byte[]> objects = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] body = LinesTesting.csv(rnd, 150 + 100 * i, ',', i == 1, true);
            List<Long> starts = LinesTesting.recordStarts(body, ',', '"');
            objects.add(LinesTesting.concat(header, java.util.Arrays.copyOfRange(body, starts.get(1).intValue(), body.length)));
        }
        objects.add(1, new byte[0]);
        objects.add(3, header);
        try (Pipeline p = pipeline("multi")) {
            Dataset d = load(p, "csv", Map.of("checkpoint-span", "1KiB"), objects.toArray(byte[][]::new));
            checkStandard(p, d);
            checkCounts(p, d, 3, 5);
            List<Slice> two = p.partition("csv", d.options(), d.objects(), LinesFormat.CHUNKS, Map.of("count", "2"));
            assertThat(two.stream().mapToInt(s -> s.parts().size()).sum()).as("slices span objects").isGreaterThan(2);
        }
    }

    @Test
    void longHeaderIsReadFromTheObject() {
        // A 90 KB header (6000 columns): too long to travel in the slice (4 KiB) or to be stored in the index
        // (64 KiB), so every slice reads it from its object.
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < 6000; c++) {
            sb.append(c == 0 ? "" : ",").append(c % 100 == 7 ? "\"col\n" + c + "\"" : "column_" + c);
        }
        sb.append("\r\n");
        Random rnd = new Random(8);
        for (int r = 0; r < 200; r++) {
            sb.append(r).append(",").append(rnd.nextInt()).append(",\"x\ny\"\r\n");
        }
        byte[] data = utf8(sb.toString());
        try (Pipeline p = pipeline("long-header")) {
            Dataset d = load(p, "csv", Map.of("checkpoint-span", "1KiB"), data);
            assertThat(d.header().length).isGreaterThan(64 << 10);
            assertThat(Json.tree(p.indexes("csv", d.options(), d.objects()).get(0).index()).has("header")).isFalse();
            List<Slice> slices = p.partition("csv", d.options(), d.objects(), LinesFormat.CHUNKS, Map.of("count", "3"));
            assertThat(slices.get(1).parts(LineCorrections.class).get(0).corrections().headerBytes()).isEqualTo(d.header().length);
            checkCounts(p, d, 1, 3, 64);
        }
    }

    @Test
    void objectsWithDifferentHeadersAreRefused() {
        try (Pipeline p = pipeline("headers")) {
            ObjectLocation a = p.put("a.csv", utf8("a,b\n1,2\n"));
            ObjectLocation b = p.put("b.csv", utf8("a;b\n1;2\n"));
            List<ObjectInfo> infos = p.preprocess("csv", Map.of(), a, b);
            assertThatThrownBy(() -> p.partition("csv", Map.of(), infos, LinesFormat.CHUNKS, Map.of("count", "2")))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("different header")
                    .hasMessageContaining("a.csv").hasMessageContaining("b.csv");
        }
    }

    @Test
    void unterminatedQuoteFailsPreprocessingWithObjectOffsetAndLine() {
        try (Pipeline p = pipeline("bad").chunkSize(tinyChunk(8))) {
            ObjectLocation loc = p.put("bad.csv", utf8("a,b\n1,2\n3,\"open\n4,5\n6,7\n"));
            assertThatThrownBy(() -> p.preprocess("csv", Map.of(), loc))
                    .isInstanceOf(DataFormatException.class)
                    .hasMessageContaining(loc.toUri())
                    .hasMessageContaining("at byte 10 (line 3)")
                    .hasMessageContaining("quoted field is not closed");
        }
    }

    @Test
    void changedObjectFailsInsteadOfMixingVersions() throws Exception {
        try (Pipeline p = pipeline("changed")) {
            byte[] data = LinesTesting.csv(new Random(6), 200, ',', false, true);
            ObjectLocation loc = p.put("changing.csv", data);
            List<ObjectInfo> infos = p.preprocess("csv", Map.of(), loc);
            List<Slice> slices = p.partition("csv", Map.of(), infos, LinesFormat.CHUNKS, Map.of("count", "3"));
            Thread.sleep(5); // local ETags include the modification time
            byte[] changed = data.clone();
            changed[changed.length / 2] ^= 1;
            p.put("changing.csv", changed);
            for (Slice s : slices) {
                assertThatThrownBy(() -> p.evaluate(s)).isInstanceOf(ObjectChangedException.class)
                        .hasMessageContaining("changing.csv");
            }
        }
    }

    @Test
    void correctionsAreDocumentedFields() {
        try (Pipeline p = pipeline("corrections")) {
            byte[] data = LinesTesting.csv(new Random(7), 400, ',', false, true);
            Dataset d = load(p, "csv", Map.of("checkpoint-span", "1KiB"), data);
            List<Slice> slices = p.partition("csv", d.options(), d.objects(), LinesFormat.CHUNKS, Map.of("count", "4"));
            for (Slice s : slices) {
                for (int i = 0; i < s.parts().size(); i++) {
                    SlicePart<?> part = s.parts().get(i);
                    JsonNode c = Json.tree(part.corrections());
                    List<String> names = new ArrayList<>();
                    c.fieldNames().forEachRemaining(names::add);
                    assertThat(names).containsAnyOf("ownStart").isSubsetOf("ownStart", "ownEnd", "resumeAt", "header",
                            "headerBytes");
                    assertThat(c.has("header")).isEqualTo(i == 0);
                    assertThat(part.start()).isLessThanOrEqualTo(c.get("ownStart").asLong());
                    assertThat(part.end()).isGreaterThanOrEqualTo(c.get("ownEnd").asLong());
                    // A slice reads little more than its own bytes: at most about one span before and after.
                    assertThat(part.length() - (c.get("ownEnd").asLong() - c.get("ownStart").asLong()))
                            .isLessThan(4 << 10);
                }
            }
        }
    }

    static final class LocalTest extends CsvFormatTest {
        @Override
        Pipeline pipeline(String name) {
            return Pipeline.local(tmp.resolve(name)).chunkSize(CHUNK);
        }

        @Test
        void unknownStrategyOrParameterIsAUsageError() {
            try (Pipeline p = pipeline("usage")) {
                ObjectLocation loc = p.put("a.csv", utf8("a\n1\n"));
                List<ObjectInfo> infos = p.preprocess("csv", Map.of(), loc);
                assertThatThrownBy(() -> p.partition("csv", Map.of(), infos, "rows", Map.of("count", "2")))
                        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("unknown strategy 'rows'")
                        .hasMessageContaining("chunks, chunk-size");
                assertThatThrownBy(() -> p.partition("csv", Map.of(), infos, "chunks", Map.of("count", "2", "size", "1")))
                        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("unknown parameter 'size'");
                assertThatThrownBy(() -> p.partition("csv", Map.of(), infos, "chunks", Map.of("count", "0")))
                        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("at least 1");
                assertThatThrownBy(() -> p.partition("csv", Map.of(), infos, "chunk-size", Map.of("bytes", "lots")))
                        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("bad value 'lots'");
            }
        }
    }

    static final class S3Test extends CsvFormatTest {
        private static final AtomicInteger PREFIX = new AtomicInteger();
        @RegisterExtension
        static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

        @Override
        boolean thorough() {
            return false;
        }

        @Override
        Pipeline pipeline(String name) {
            return Pipeline.s3(S3.server(), "csv-" + PREFIX.incrementAndGet() + "-" + name + "/").chunkSize(CHUNK);
        }
    }
}
