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
 * The map task of line formats counts record terminators in bulk and stops only at checkpoints: its chunk result
 * must equal, field for field, the definition (every terminator at {@code t} is a record start {@code t + 1}; a
 * checkpoint is the chunk's first record start and the first one at or past each multiple of the span), walked
 * byte by byte here; for CSV, one hypothesis per start state, each walked by its own byte-at-a-time scanner. Chunks
 * cross the scanner's 1 MiB read buffer, start and end on and just after line feeds, and spans range from one byte
 * (every record a checkpoint) to more than the chunk.
 */
class PlainChunkScanTest {

    @Test
    void chunkResultsEqualTheDefinitionWalkedByteByByte() throws IOException {
        Random rnd = new Random(21);
        byte[] data = LinesTesting.text(rnd, 40_000, true); // ~2.4 MB: chunks span several 1 MiB buffers
        data[data.length / 2] = '\n';
        check(LineSyntax.LINES, "text", data, rnd);
    }

    @Test
    void csvChunkResultsEqualADedicatedScanPerStartState() throws IOException {
        Random rnd = new Random(22);
        // ~2.5 MB of quoted fields with separators, doubled quotes and line breaks, and plain rows between them
        byte[] data = LinesTesting.csv(rnd, 75_000, ',', false, true);
        check(new LineSyntax('"', ','), "csv", data, rnd);
    }

    private static void check(LineSyntax syntax, String format, byte[] data, Random rnd) throws IOException {
        InMemoryIndexingContext ctx = new InMemoryIndexingContext(Formats.get(format), Map.of(), "/mem/chunks", data);
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
                LineChunk c = ChunkIndexer.index(syntax, ctx, r[0], r[1], span);
                assertThat(c.hypotheses()).hasSize(syntax.hypotheses());
                long lineFeeds = 0;
                for (long k = r[0]; k < r[1]; k++) {
                    lineFeeds += data[(int) k] == '\n' ? 1 : 0;
                }
                assertThat(c.newlines()).as("line feeds in [%d, %d)", r[0], r[1]).isEqualTo(lineFeeds);
                for (int state = 0; state < syntax.hypotheses(); state++) {
                    LineChunk.Hypothesis expected = definition(syntax, state, data, r[0], r[1], span);
                    LineChunk.Hypothesis got = c.hypotheses().get(state);
                    String what = format + " from state " + state + ", span " + span + " chunk [" + r[0] + ", " + r[1] + ")";
                    assertThat(got.starts()).as(what).isEqualTo(expected.starts());
                    assertThat(got.terminated()).as(what).isEqualTo(expected.terminated());
                    assertThat(got.end()).as(what).isEqualTo(expected.end());
                    assertThat(got.open()).as(what).isEqualTo(expected.open());
                    assertThat(got.checkpoints()).as(what).hasSameSizeAs(expected.checkpoints());
                    for (int k = 0; k < expected.checkpoints().size(); k++) {
                        assertThat(got.checkpoints().get(k)).as(what + " checkpoint " + k)
                                .containsExactly(expected.checkpoints().get(k));
                    }
                }
            }
        }
    }

    private static LineChunk.Hypothesis definition(LineSyntax syntax, int startState, byte[] data, long start, long end,
                                                   long span) {
        ByteAtATimeScanner scanner = new ByteAtATimeScanner(syntax, startState);
        long starts = 0;
        boolean terminated = false;
        long next = -1;
        List<long[]> checkpoints = new ArrayList<>();
        for (int t = (int) start; (t = scanner.next(data, t, (int) end)) >= 0; t++) {
            long r = t + 1;
            if (next < 0 || r >= next) {
                checkpoints.add(new long[] {r, starts});
                next = (r / span + 1) * span;
            }
            starts++;
            terminated = r == end;
        }
        int state = scanner.state();
        // an open quote is reported only by a hypothesis that ends inside (or just after) a quoted field
        Long open = (state == RecordScanner.QUOTED || state == RecordScanner.AFTER_QUOTE) && scanner.openQuote() >= start
                ? scanner.openQuote() : null;
        return new LineChunk.Hypothesis(state, starts, terminated, open, checkpoints);
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
