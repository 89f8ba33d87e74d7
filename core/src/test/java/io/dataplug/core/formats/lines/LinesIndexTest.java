package io.dataplug.core.formats.lines;

import static io.dataplug.core.formats.lines.LinesTesting.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import io.dataplug.core.testing.InMemoryIndexingContext;
import io.dataplug.core.util.Json;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.format.Formats;
import io.dataplug.core.format.IndexingContext;
import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.format.ObjectIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The chunked index in memory: whatever the chunk size (down to one byte, so chunks start inside quoted
 * fields, between {@code \r} and {@code \n}, after a closing quote...), the index equals the one built from a
 * single chunk and from the reference splitter.
 */
class LinesIndexTest {

    private static final long[] CHUNK_SIZES = {1, 2, 3, 5, 17, 64, 1000, Long.MAX_VALUE};

    /** An object held in memory, indexed the way TaskRunner does: indexChunk per chunk, then buildIndex. */
    static ObjectIndex<LineIndex> index(LinesFormat format, Map<String, String> options, byte[] data, long chunkSize)
            throws IOException {
        IndexingContext ctx = new InMemoryIndexingContext(format, options, "/mem/object.csv", data);
        List<LineChunk> chunks = new ArrayList<>();
        long n = Math.max(1, (data.length + Math.min(chunkSize, Integer.MAX_VALUE) - 1) / Math.min(chunkSize, Integer.MAX_VALUE));
        for (long i = 0; i < n; i++) {
            long start = i * Math.min(chunkSize, Integer.MAX_VALUE);
            chunks.add(format.indexChunk(ctx, start, Math.min(data.length, start + Math.min(chunkSize, Integer.MAX_VALUE))));
        }
        return format.buildIndex(ctx, chunks);
    }

    /** Checks the index against the reference splitter: counts, header, and every checkpoint. */
    private static void assertIndex(ObjectIndex<LineIndex> idx, byte[] data, List<Long> starts, boolean header) {
        LineIndex li = idx.index();
        assertThat(li.size()).isEqualTo(data.length);
        assertThat(li.records()).isEqualTo(starts.size());
        long hb = header ? (starts.size() > 1 ? starts.get(1) : data.length) : 0;
        assertThat(li.headerBytes()).isEqualTo(hb);
        for (int i = 0; i < li.offsets().length; i++) {
            int at = starts.indexOf(li.offsets()[i]);
            assertThat(at).as("checkpoint %d is a record start", li.offsets()[i]).isGreaterThanOrEqualTo(0);
            assertThat(li.recordNumbers()[i]).isEqualTo(at);
        }
        // For every multiple of span, the first record start at or after it is a checkpoint.
        for (long m = 0; m * li.span() < data.length; m++) {
            long b = m * li.span();
            starts.stream().filter(s -> s >= b).findFirst().ifPresent(s -> assertThat(li.offsets()).contains(s));
        }
        if (header && starts.size() > 1) {
            assertThat(li.offsets()).contains(hb);
        }
    }

    @Test
    void csvIndexDoesNotDependOnChunking() throws IOException {
        LinesFormat csv = (LinesFormat) Formats.get("csv");
        Random rnd = new Random(11);
        for (int round = 0; round < 6; round++) {
            boolean crlf = round % 2 == 0;
            byte[] data = LinesTesting.csv(rnd, 20 + rnd.nextInt(40), round < 3 ? ',' : '\t', crlf, round != 1);
            List<Long> starts = LinesTesting.recordStarts(data, round < 3 ? ',' : '\t', '"');
            for (String span : List.of("1", "7", "64", "1MiB")) {
                Map<String, String> opts = Map.of("separator", round < 3 ? "," : "tab", "checkpoint-span", span);
                JsonNode whole = Json.tree(index(csv, opts, data, Long.MAX_VALUE).index());
                for (long chunk : CHUNK_SIZES) {
                    ObjectIndex<LineIndex> idx = index(csv, opts, data, chunk);
                    assertThat(Json.tree(idx.index())).as("round %d span %s chunk %d", round, span, chunk).isEqualTo(whole);
                    assertIndex(idx, data, starts, true);
                    assertThat(idx.attributes()).containsEntry("rows", (long) starts.size() - 1);
                }
            }
        }
    }

    @Test
    void textIndexDoesNotDependOnChunking() throws IOException {
        LinesFormat text = (LinesFormat) Formats.get("text");
        Random rnd = new Random(12);
        for (int round = 0; round < 4; round++) {
            byte[] data = LinesTesting.text(rnd, 30, round % 2 == 0);
            List<Long> starts = LinesTesting.recordStarts(data, -1, -1);
            Map<String, String> opts = Map.of("checkpoint-span", "100");
            JsonNode whole = Json.tree(index(text, opts, data, Long.MAX_VALUE).index());
            for (long chunk : CHUNK_SIZES) {
                ObjectIndex<LineIndex> idx = index(text, opts, data, chunk);
                assertThat(Json.tree(idx.index())).isEqualTo(whole);
                assertIndex(idx, data, starts, false);
                assertThat(idx.attributes()).isEqualTo(Map.of("lines", (long) starts.size()));
            }
        }
    }

    @Test
    void quotesOnlyCountAtTheStartOfAField() throws IOException {
        // Python's csv reader (and pandas) take a quote inside an unquoted field literally: here the first
        // row has one quote, and naive quote parity would glue the next row to it.
        byte[] data = utf8("h1,h2\n5'11\",tall\nx,\"y\nz\"\n a,\"b\"c\n");
        ObjectIndex<LineIndex> idx = index((LinesFormat) Formats.get("csv"), Map.of(), data, 3);
        assertThat(idx.attributes()).containsEntry("rows", 3L);
        assertThat(LinesTesting.recordStarts(data, ',', '"')).containsExactly(0L, 6L, 17L, 25L);
    }

    @Test
    void smallObjects() throws IOException {
        LinesFormat csv = (LinesFormat) Formats.get("csv");
        LinesFormat text = (LinesFormat) Formats.get("text");
        for (long chunk : CHUNK_SIZES) {
            assertThat(index(text, Map.of(), new byte[0], chunk).attributes()).containsEntry("lines", 0L);
            assertThat(index(text, Map.of(), utf8("one"), chunk).attributes()).containsEntry("lines", 1L);
            assertThat(index(text, Map.of(), utf8("one\n"), chunk).attributes()).containsEntry("lines", 1L);
            assertThat(index(text, Map.of(), utf8("\n\n"), chunk).attributes()).containsEntry("lines", 2L);
            assertThat(index(csv, Map.of(), new byte[0], chunk).attributes())
                    .isEqualTo(Map.of("rows", 0L, "headerBytes", 0L));
            assertThat(index(csv, Map.of(), utf8("a,b"), chunk).attributes())
                    .isEqualTo(Map.of("rows", 0L, "headerBytes", 3L));
            assertThat(index(csv, Map.of(), utf8("a,\"b\nc\"\r\n"), chunk).attributes())
                    .isEqualTo(Map.of("rows", 0L, "headerBytes", 9L));
            assertThat(index(csv, Map.of(), utf8("a,b\n1,2"), chunk).attributes())
                    .isEqualTo(Map.of("rows", 1L, "headerBytes", 4L));
            assertThat(index(csv, Map.of("header", "false"), utf8("a,b\n1,2\n"), chunk).attributes())
                    .isEqualTo(Map.of("rows", 2L, "headerBytes", 0L));
        }
        JsonNode small = Json.tree(index(csv, Map.of(), utf8("a,b\n1,2\n"), 2).index());
        assertThat(small.get("header").asText()).isEqualTo("YSxiCg==");
        assertThat(small.get("checkpoints").toString()).isEqualTo("[[0,0],[4,1]]");
    }

    @Test
    void unterminatedQuoteNamesObjectOffsetAndLine() throws IOException {
        byte[] data = utf8("a,b\n1,\"ok\nfine\"\n2,\"x\"\"y\n3,4\n");
        for (long chunk : CHUNK_SIZES) {
            assertThatThrownBy(() -> index((LinesFormat) Formats.get("csv"), Map.of(), data, chunk))
                    .isInstanceOf(DataFormatException.class)
                    .hasMessageContaining("file:///mem/object.csv")
                    .hasMessageContaining("at byte 18 (line 4)")
                    .hasMessageContaining("not closed")
                    .satisfies(e -> assertThat(((DataFormatException) e).offset()).isEqualTo(18));
        }
        // The same bytes are fine without quoting.
        assertThat(index((LinesFormat) Formats.get("csv"), Map.of("quote", "none"), data, 5).attributes()).containsEntry("rows", 4L);
    }

    @Test
    void badOptionsAreRefused() {
        assertThatThrownBy(() -> index((LinesFormat) Formats.get("csv"), Map.of("separator", "|", "quote", "|"), utf8("a"), 10))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("must differ");
        assertThatThrownBy(() -> index((LinesFormat) Formats.get("csv"), Map.of("separator", "§"), utf8("a"), 10))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("ASCII");
        assertThatThrownBy(() -> index((LinesFormat) Formats.get("csv"), Map.of("delimiter", ";"), utf8("a"), 10))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("unknown parameter 'delimiter'");
    }
}
