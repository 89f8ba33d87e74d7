package io.dataplug.core.formats.lines;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.core.format.Formats;
import io.dataplug.core.testing.InMemoryIndexingContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The map task of plain lines counts line feeds a word at a time and stops only at checkpoints: its chunk result
 * must equal, field for field, the definition (every line feed at {@code t} is a record start {@code t + 1}; a
 * checkpoint is the chunk's first record start and the first one at or past each multiple of the span), walked
 * byte by byte here. Chunks cross the scanner's 1 MiB read buffer, start and end on and just after line feeds, and
 * spans range from one byte (every record a checkpoint) to more than the chunk.
 */
class PlainChunkScanTest {

    @Test
    void chunkResultsEqualTheDefinitionWalkedByteByByte() throws IOException {
        Random rnd = new Random(21);
        byte[] data = LinesTesting.text(rnd, 40_000, true); // ~2.4 MB: chunks span several 1 MiB buffers
        data[data.length / 2] = '\n';
        InMemoryIndexingContext ctx = new InMemoryIndexingContext(Formats.get("text"), Map.of(), "/mem/plain.txt", data);
        long[] spans = {1, 7, 100, 4096, 1 << 20, 1L << 40};
        List<long[]> ranges = new ArrayList<>(List.of(new long[] {0, data.length}, new long[] {0, 1},
                new long[] {data.length - 1, data.length}, new long[] {1, ChunkIndexer.BUFFER + 1},
                new long[] {ChunkIndexer.BUFFER - 3, 2L * ChunkIndexer.BUFFER + 5}));
        for (int i = 0; i < 30; i++) {
            long a = rnd.nextInt(data.length);
            long b = Math.min(data.length, a + 1 + rnd.nextInt(rnd.nextBoolean() ? 300 : 2 * ChunkIndexer.BUFFER));
            ranges.add(new long[] {a, b});
        }
        // chunks that end right after a line feed (terminated) and start right after one
        int lf = indexOf(data, '\n', data.length / 2);
        ranges.add(new long[] {lf - 500, lf + 1});
        ranges.add(new long[] {lf + 1, Math.min(data.length, lf + 70_000)});
        for (long span : spans) {
            for (long[] r : ranges) {
                LineChunk c = ChunkIndexer.index(LineSyntax.LINES, ctx, r[0], r[1], span);
                LineChunk.Hypothesis expected = definition(data, r[0], r[1], span);
                LineChunk.Hypothesis got = c.hypotheses().get(0);
                String what = "span " + span + " chunk [" + r[0] + ", " + r[1] + ")";
                assertThat(c.hypotheses()).as(what).hasSize(1);
                assertThat(got.starts()).as(what).isEqualTo(expected.starts());
                assertThat(c.newlines()).as(what).isEqualTo(expected.starts());
                assertThat(got.terminated()).as(what).isEqualTo(expected.terminated());
                assertThat(got.end()).as(what).isEqualTo(expected.end());
                assertThat(got.checkpoints()).as(what).hasSameSizeAs(expected.checkpoints());
                for (int k = 0; k < expected.checkpoints().size(); k++) {
                    assertThat(got.checkpoints().get(k)).as(what + " checkpoint " + k).containsExactly(expected.checkpoints().get(k));
                }
            }
        }
    }

    private static LineChunk.Hypothesis definition(byte[] data, long start, long end, long span) {
        long starts = 0;
        boolean terminated = false;
        long next = -1;
        List<long[]> checkpoints = new ArrayList<>();
        for (long t = start; t < end; t++) {
            if (data[(int) t] != '\n') {
                continue;
            }
            long r = t + 1;
            if (next < 0 || r >= next) {
                checkpoints.add(new long[] {r, starts});
                next = (r / span + 1) * span;
            }
            starts++;
            terminated = r == end;
        }
        return new LineChunk.Hypothesis(new RecordScanner(LineSyntax.LINES, 0).state(), // plain lines never change state
                starts, terminated, null, checkpoints);
    }

    private static int indexOf(byte[] a, char c, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == c) {
                return i;
            }
        }
        throw new IllegalStateException("no " + c);
    }
}
