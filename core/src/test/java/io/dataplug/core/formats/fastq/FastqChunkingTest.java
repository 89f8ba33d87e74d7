package io.dataplug.core.formats.fastq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import io.dataplug.core.testing.InMemoryIndexingContext;
import io.dataplug.core.util.Json;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.format.Formats;
import io.dataplug.core.format.ObjectIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Map and finalize steps of plain FASTQ in memory, for every chunk size from one byte up: the index must not
 * depend on where chunks fall, and errors must name the same line and byte whatever the chunking.
 */
class FastqChunkingTest {

    private static final FastqFormat FORMAT = (FastqFormat) Formats.get("fastq");

    static ObjectIndex<FastqFormat.Index> index(byte[] data, long chunkSize, String span) throws IOException {
        InMemoryIndexingContext ctx = new InMemoryIndexingContext(FORMAT, Map.of("checkpoint-span", span), "/mem.fq", data);
        List<FastqChunkScanner.Result> results = new ArrayList<>();
        long chunks = Math.max(1, (data.length + chunkSize - 1) / chunkSize);
        for (long i = 0; i < chunks; i++) {
            long start = i * chunkSize;
            results.add(FORMAT.indexChunk(ctx, start, Math.min(data.length, start + chunkSize)));
        }
        return FORMAT.buildIndex(ctx, results);
    }

    @Test
    void indexDoesNotDependOnChunking() throws IOException {
        byte[][] inputs = {
            new FastqGenerator(11).reads(60).lengths(0, 30).atQuality(0.9).generate(),
            new FastqGenerator(12).reads(60).lengths(0, 30).atQuality(0.5).crlf(true).finalNewline(false).generate(),
            FastqGenerator.ambiguous(50, 9),
        };
        for (byte[] data : inputs) {
            ObjectIndex<FastqFormat.Index> whole = index(data, data.length, "97");
            assertThat(whole.attributes().get("reads")).isEqualTo(FastqGenerator.lines(data) / 4);
            for (long chunk = 1; chunk <= data.length; chunk += chunk < 64 ? 1 : 37) {
                ObjectIndex<FastqFormat.Index> chunked = index(data, chunk, "97");
                assertThat(Json.tree(chunked.index())).as("chunk size %d", chunk).isEqualTo(Json.tree(whole.index()));
                assertThat(chunked.attributes()).isEqualTo(whole.attributes());
            }
        }
    }

    @Test
    void checkpointsAreTheFirstReadOfEachSpan() throws IOException {
        byte[] data = "@a\nAC\n+\n@@\n@b\nA\n+\n@\n@c\nACG\n+\nIII\n".getBytes(StandardCharsets.US_ASCII);
        // reads start at 0, 11, 20; span 10: buckets 0, 1, 2
        JsonNode idx = Json.tree(index(data, 5, "10").index());
        assertThat(idx.get("checkpoints").toString()).isEqualTo("[[0,0],[11,1],[20,2]]");
        assertThat(idx.get("reads").asLong()).isEqualTo(3);
        assertThat(idx.get("bases").asLong()).isEqualTo(6);
        assertThat(Json.tree(index(data, 5, "1MiB").index()).get("checkpoints").toString()).isEqualTo("[[0,0]]");
    }

    @Test
    void errorsNameTheSameLineAndByteWhateverTheChunking() {
        String good = "@r1\nACGT\n+\n@III\n@r2\nAC\n+r2\nII\n";
        Object[][] cases = {
            // data, expected line, expected offset, message fragment
            {good + "@r3\n", 9, 30, "4n+1 lines"},
            {good + "@r3\nACG\n+\nII\n", 12, 40, "quality line has 2 characters but the sequence has 3"},
            {good + "@r3\nACG\nIII\nIII\n", 11, 38, "expected the '+' separator line"},
            {good + "r3\nACG\n+\nIII\n", 9, 30, "expected a read header line starting with '@'"},
            {good + "\n", 9, 30, "an empty line"},
            {"@r1\nAC\n+\nII\n@r2\nA\n+\n", 5, 12, "it has 3 of 4 lines"},
        };
        for (Object[] c : cases) {
            byte[] data = ((String) c[0]).getBytes(StandardCharsets.US_ASCII);
            for (long chunk = 1; chunk <= data.length; chunk++) {
                long size = chunk;
                assertThatThrownBy(() -> index(data, size, "1MiB")).as("%s with chunks of %d", c[3], chunk)
                        .isInstanceOf(DataFormatException.class)
                        .hasMessageContaining("mem.fq")
                        .hasMessageContaining("(line " + c[1] + ")")
                        .hasMessageContaining("at byte " + c[2] + " ")
                        .hasMessageContaining((String) c[3]);
            }
        }
    }
}
