package io.dataplug.core.formats.lines;

import io.dataplug.core.format.IndexingContext;
import io.dataplug.core.io.Swar;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The map task of line-oriented formats: scans bytes {@code [start, end)} of an object once and records,
 * for every state the chunk might start in (it cannot know whether it starts inside a quoted field), what
 * that hypothesis implies: the state at the chunk end, how many records start in the chunk, and sparse
 * checkpoints. The finalize step ({@link IndexBuilder}) picks the true hypothesis chunk by chunk.
 *
 * <p>The hypotheses share the scanning work: their scanners run side by side, and once two of them are in
 * the same state at the same offset (plain CSV converges within a few bytes) they are the same machine from
 * there on, so one scanner carries on and reports its record starts to both. Each hypothesis still keeps its
 * own counts, so its result is exactly what a dedicated scan would give.
 *
 * <p>Record starts reported by a chunk are the offsets {@code p + 1} for every terminator {@code p} in
 * {@code [start, end)}; they lie in {@code (start, end]}. Checkpoint candidates: the chunk's first record
 * start, and for every multiple {@code m * span} in {@code (start, end]} the first record start at or after
 * it. Together over all chunks they contain, for every {@code m}, the first record start at or after
 * {@code m * span}.
 *
 * <p>The result is a {@link LineChunk}: one hypothesis per start state (index = state).
 */
final class ChunkIndexer {

    static final int BUFFER = 1 << 20;

    private ChunkIndexer() {
    }

    static LineChunk index(LineSyntax syntax, IndexingContext ctx, long start, long end, long span) throws IOException {
        int n = syntax.hypotheses();
        List<Track> live = new ArrayList<>(n);
        Hypothesis[] hypotheses = new Hypothesis[n];
        for (int s = 0; s < n; s++) {
            Track t = new Track(syntax.scanner(s));
            hypotheses[s] = new Hypothesis(start, end, span);
            t.hypotheses.add(hypotheses[s]);
            live.add(t);
        }
        long newlines = 0;
        byte[] buf = new byte[(int) Math.min(BUFFER, Math.max(1, end - start))];
        long pos = start;
        try (InputStream in = ctx.open(start, end)) {
            while (pos < end) {
                int len = in.readNBytes(buf, 0, (int) Math.min(buf.length, end - pos));
                if (len <= 0) {
                    throw new IOException(ctx.source().location() + ": chunk ended at offset " + pos + ", expected " + end);
                }
                if (syntax.quoting()) {
                    // Line numbers for error messages; without quoting every newline is a record start.
                    newlines += Swar.count(buf, 0, len, (byte) '\n');
                }
                for (Track t : live) {
                    t.scan(buf, len, pos);
                }
                pos += len;
                merge(live, pos);
                ctx.progress().accept(len);
            }
        }
        for (Track t : live) {
            for (Hypothesis h : t.hypotheses) {
                h.finish(t);
            }
        }
        if (!syntax.quoting()) {
            newlines = hypotheses[0].starts;
        }
        List<LineChunk.Hypothesis> results = new ArrayList<>(hypotheses.length);
        for (Hypothesis h : hypotheses) {
            results.add(h.result());
        }
        return new LineChunk(start, end, span, newlines, results);
    }

    /** Tracks in the same state at the same offset behave identically from here on: keep one. */
    private static void merge(List<Track> live, long pos) {
        for (int i = 0; i < live.size(); i++) {
            for (int j = live.size() - 1; j > i; j--) {
                Track a = live.get(i);
                Track b = live.get(j);
                if (a.scanner.state() == b.scanner.state()) {
                    for (Hypothesis h : b.hypotheses) {
                        h.openBefore = h.open(b);
                        h.joinedAt = pos;
                        a.hypotheses.add(h);
                    }
                    live.remove(j);
                }
            }
        }
    }

    /** One running scanner and the hypotheses that currently follow it. */
    private static final class Track {
        final RecordScanner scanner;
        final List<Hypothesis> hypotheses = new ArrayList<>(3);

        Track(RecordScanner scanner) {
            this.scanner = scanner;
        }

        /**
         * A record start matters one by one only where a hypothesis takes a checkpoint (its first, then the first
         * past each span boundary): the terminators in between are counted in bulk, with no call per record.
         */
        void scan(byte[] buf, int len, long base) {
            scanner.base(base);
            int i = 0;
            while (i < len) {
                // a terminator at t starts a record at base + t + 1: the next one wanted lies at t >= wanted - base - 1
                long wanted = nextCheckpoint();
                int countTo = (int) Math.min(len, Math.max(i, wanted - base - 1));
                if (countTo > i) {
                    long n = scanner.count(buf, i, countTo);
                    if (n > 0) {
                        boolean endsChunk = scanner.endedRecord() && base + countTo == hypotheses.get(0).end;
                        for (int k = 0, m = hypotheses.size(); k < m; k++) {
                            hypotheses.get(k).countedStarts(n, endsChunk);
                        }
                    }
                    i = countTo;
                    if (i == len) {
                        return;
                    }
                }
                int t = scanner.next(buf, i, len);
                if (t < 0) {
                    return;
                }
                recordStart(base + t + 1);
                i = t + 1;
            }
        }

        /** The smallest record start any hypothesis following this track would take as a checkpoint. */
        private long nextCheckpoint() {
            long wanted = Long.MAX_VALUE;
            for (int k = 0, n = hypotheses.size(); k < n; k++) {
                Hypothesis h = hypotheses.get(k);
                wanted = Math.min(wanted, h.first ? 0 : h.nextBoundary); // record starts are positive
            }
            return wanted;
        }

        private void recordStart(long r) {
            for (int k = 0, n = hypotheses.size(); k < n; k++) {
                hypotheses.get(k).recordStart(r);
            }
        }
    }

    /** What one start state implies for this chunk. */
    private static final class Hypothesis {
        final long end;
        final long span;
        long starts;
        boolean terminated;
        boolean first = true;
        long nextBoundary;
        final List<long[]> checkpoints = new ArrayList<>();
        long joinedAt;
        long openBefore = -1;
        int endState;
        long open = -1;

        Hypothesis(long start, long end, long span) {
            this.end = end;
            this.span = span;
            this.joinedAt = start;
        }

        void recordStart(long r) {
            if (first || r >= nextBoundary) {
                checkpoints.add(new long[] {r, starts});
                first = false;
                nextBoundary = (r / span + 1) * span; // else still the smallest multiple of span above r
            }
            starts++;
            terminated = r == end;
        }

        /** {@code n} record starts that take no checkpoint, the last of them the chunk's end if {@code endsChunk}. */
        void countedStarts(long n, boolean endsChunk) {
            starts += n;
            terminated = endsChunk;
        }

        /** The open quote as seen through {@code track}: its own if the track opened one since we joined it. */
        long open(Track track) {
            long o = track.scanner.openQuote();
            return o >= joinedAt ? o : openBefore;
        }

        void finish(Track track) {
            endState = track.scanner.state();
            open = endState == RecordScanner.QUOTED || endState == RecordScanner.AFTER_QUOTE ? open(track) : -1;
        }

        LineChunk.Hypothesis result() {
            return new LineChunk.Hypothesis(endState, starts, terminated, open >= 0 ? open : null, checkpoints);
        }
    }
}
