package io.dataplug.core.formats.fasta;

import io.dataplug.core.format.IndexingContext;
import io.dataplug.core.io.Swar;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The map task of FASTA preprocessing: summarizes bytes {@code [start, end)} of one object without knowing
 * what came before them. The result (a {@link FastaChunk}, replayed by {@link FastaIndexBuilder}) lists, in order:
 * <ul>
 *   <li>{@code lead}: statistics of the piece of a line that started before {@code start} (absent when
 *       {@code start} is a line start); the finalize step decides whether it continued a header or a sequence
 *       line;</li>
 *   <li>{@code events}: every line that starts in the chunk, compressed: {@code H} header (read to its end
 *       even past {@code end}, so names are always whole) followed by the (width, residues, count) runs of
 *       the complete sequence lines right after it, {@code B} blank line, {@code S} a run of complete
 *       sequence lines of equal width and residue count not right after a header of this chunk, {@code T}
 *       the sequence line that runs past {@code end} (its statistics so far);</li>
 *   <li>{@code newlines}: line feeds in {@code [start, end)}, so the finalize step can number lines;</li>
 *   <li>{@code error}: the first problem that is certain from this chunk alone; scanning stops there.</li>
 * </ul>
 * Offsets are absolute; line positions ({@code nl}) count the line feeds between {@code start} and the line.
 */
final class FastaChunkScanner {

    /** Header lines longer than this are refused (guards against binary data that happens to start with '>'). */
    static final int MAX_HEADER_LINE = 1 << 20;

    private static final int BUFFER = 1 << 20;
    private static final int HEADER_READ = 64 << 10;

    private enum Mode { LEAD, LINE_START, HEADER, BODY }

    /** What is known, inside this chunk, about the state before the next line. */
    private enum Context { UNKNOWN, OUTSIDE_RECORD, IN_RECORD }

    private final IndexingContext ctx;
    private final long start;
    private final long end;
    private final long size;

    private final List<FastaChunk.Event> events = new ArrayList<>();
    private FastaChunk.Lead lead;
    private FastaChunk.ChunkError error;
    private long newlines;
    private boolean endsWithNewline;
    private boolean failed;

    private Mode mode;
    private Context context;
    private boolean sawHeader;

    // the current line
    private long lineStart;
    private long lineNl;
    private final LineStats stats = new LineStats();

    // the current header line
    private final StringBuilder name = new StringBuilder();
    private int nameState;
    private long headerLength;
    private boolean headerPrevCr;

    // the current group of complete sequence lines (runs of equal lines; at most two are valid)
    private int groupRuns;
    private long runOffset;
    private long runNl;
    private long runWidth;
    private long runBases;
    private long runCount;
    /** The runs of the header event that the current group directly follows, if it is in this chunk. */
    private List<FastaChunk.Run> runsAfterHeader;

    /** Whether lines just like the current run's are counted in bulk (see {@link #process}). */
    private final boolean equalLines;

    FastaChunkScanner(IndexingContext ctx, long start, long end) {
        this(ctx, start, end, true);
    }

    private FastaChunkScanner(IndexingContext ctx, long start, long end, boolean equalLines) {
        this.ctx = ctx;
        this.start = start;
        this.end = end;
        this.size = ctx.source().size();
        this.equalLines = equalLines;
    }

    /** A scanner that takes every line through the state machine: the reference the bulk count is tested against. */
    static FastaChunkScanner lineByLine(IndexingContext ctx, long start, long end) {
        return new FastaChunkScanner(ctx, start, end, false);
    }

    FastaChunk scan() throws IOException {
        if (start >= end) {
            return result();
        }
        byte[] buf = new byte[(int) Math.min(BUFFER, end - start)];
        try (InputStream in = ctx.open(start == 0 ? 0 : start - 1, end)) {
            if (start == 0) {
                mode = Mode.LINE_START;
                context = Context.OUTSIDE_RECORD;
            } else {
                int before = in.read();
                if (before < 0) {
                    throw new IOException("no byte before chunk start " + start);
                }
                mode = before == '\n' ? Mode.LINE_START : Mode.LEAD;
                context = Context.UNKNOWN;
            }
            long pos = start;
            while (pos < end && !failed) {
                int n = in.readNBytes(buf, 0, (int) Math.min(buf.length, end - pos));
                if (n <= 0) {
                    throw new IOException("stream ended at " + pos + " before chunk end " + end);
                }
                process(buf, n, pos);
                pos += n;
                ctx.progress().accept(n);
            }
        }
        if (!failed) {
            finishChunk();
        }
        return result();
    }

    private FastaChunk result() {
        return new FastaChunk(FastaChunk.VERSION, start, end, events, lead, newlines, endsWithNewline, error);
    }

    private void process(byte[] buf, int n, long base) throws IOException {
        int i = 0;
        while (i < n && !failed) {
            switch (mode) {
                case LEAD, BODY -> {
                    int j = stats.scan(buf, i, n, base);
                    if (j < n) { // line feed at j
                        i = j + 1;
                        endLine();
                    } else {
                        i = n;
                    }
                }
                case LINE_START -> {
                    if (equalLines && groupRuns == 1 && context == Context.IN_RECORD && runWidth == runBases + 1) {
                        // Lines just like the run's last (same width, only residues, LF) only add to its count.
                        int width = (int) Math.min(runWidth, Integer.MAX_VALUE);
                        int k = i;
                        while (k <= n - width && isRunLine(buf, k, width)) {
                            k += width;
                        }
                        if (k > i) {
                            long lines = (k - i) / width;
                            runCount += lines;
                            newlines += lines;
                            i = k;
                            continue;
                        }
                    }
                    byte c = buf[i];
                    long pos = base + i;
                    lineStart = pos;
                    lineNl = newlines;
                    if (c == '>') {
                        flushGroup();
                        mode = Mode.HEADER;
                        name.setLength(0);
                        nameState = 0;
                        headerLength = 0;
                        headerPrevCr = false;
                        i++;
                    } else if (c == '\n') {
                        blank(pos, false);
                        newlines++;
                        i++;
                    } else if (context == Context.OUTSIDE_RECORD && c != '\r') {
                        failOutside(pos, lineNl);
                    } else {
                        mode = Mode.BODY;
                        stats.reset();
                    }
                }
                case HEADER -> {
                    int j = headerBytes(buf, i, n);
                    if (j < n && !failed) {
                        newlines++;
                        endHeader(base + j + 1, headerPrevCr ? 2 : 1);
                        i = j + 1;
                    } else {
                        i = n;
                    }
                }
                default -> throw new IllegalStateException(mode.name());
            }
        }
        if (n > 0) {
            endsWithNewline = buf[n - 1] == '\n';
        }
    }

    /**
     * Whether {@code buf[k, k + width)} is a sequence line of {@code width - 1} residues (printable, not a space, not
     * '>') and its line feed. Words are tested whole; the last one overlaps the one before rather than be split.
     */
    private static boolean isRunLine(byte[] buf, int k, int width) {
        int end = k + width - 1; // the line feed
        if (buf[end] != '\n' || buf[k] == '>') {
            return false;
        }
        if (end - k < Long.BYTES) {
            for (int j = k; j < end; j++) {
                if (buf[j] < 0x21 || buf[j] > 0x7e) {
                    return false;
                }
            }
            return true;
        }
        for (int j = k; j < end - Long.BYTES; j += Long.BYTES) {
            if (Swar.notGraphic(Swar.word(buf, j)) != 0) {
                return false;
            }
        }
        return Swar.notGraphic(Swar.word(buf, end - Long.BYTES)) == 0;
    }

    /** A line feed ends the lead piece or a body line. */
    private void endLine() {
        newlines++;
        if (mode == Mode.LEAD) {
            putLead(true);
        } else {
            completeBody();
        }
        mode = Mode.LINE_START;
    }

    /** Consumes header bytes from {@code i}; returns the index of the line feed, or {@code n}. */
    private int headerBytes(byte[] buf, int i, int n) {
        int j = i;
        for (; j < n; j++) {
            byte c = buf[j];
            if (c == '\n') {
                break;
            }
            boolean space = isSpace(c);
            if (nameState == 0 && !space) {
                nameState = 1;
            }
            if (nameState == 1) {
                if (space) {
                    nameState = 2;
                } else {
                    name.append((char) (c & 0xff));
                }
            }
            headerPrevCr = c == '\r';
        }
        headerLength += j - i;
        if (headerLength + 1 > MAX_HEADER_LINE) {
            fail(lineStart, lineNl, "header line longer than " + (MAX_HEADER_LINE >> 10) + " KiB",
                    "this does not look like FASTA text");
        }
        return j;
    }

    private void finishChunk() throws IOException {
        boolean eof = end == size;
        switch (mode) {
            case LEAD -> putLead(false);
            case BODY -> {
                if (eof) {
                    completeBody();
                } else {
                    tail();
                }
            }
            case HEADER -> {
                if (eof) {
                    endHeader(size, 0);
                } else {
                    finishHeaderBeyondChunk();
                }
            }
            case LINE_START -> { }
            default -> throw new IllegalStateException(mode.name());
        }
        flushGroup();
    }

    /** The header line started in this chunk runs past its end: read on until its line feed. */
    private void finishHeaderBeyondChunk() throws IOException {
        long pos = end;
        byte[] buf = new byte[HEADER_READ];
        while (pos < size && !failed) {
            long to = Math.min(size, pos + HEADER_READ);
            int n;
            try (InputStream in = ctx.open(pos, to)) {
                n = in.readNBytes(buf, 0, (int) (to - pos));
            }
            if (n != to - pos) {
                throw new IOException("short read at " + pos);
            }
            int j = headerBytes(buf, 0, n);
            if (failed) {
                return;
            }
            if (j < n) {
                endHeader(pos + j + 1, headerPrevCr ? 2 : 1);
                return;
            }
            pos = to;
        }
        if (!failed) {
            endHeader(size, 0);
        }
    }

    private void endHeader(long lineEnd, int eol) {
        List<FastaChunk.Run> runs = new ArrayList<>(2);
        events.add(new FastaChunk.Header(lineStart, lineNl, name.toString(), lineEnd, eol, runs));
        runsAfterHeader = runs;
        context = Context.IN_RECORD;
        sawHeader = true;
        mode = Mode.LINE_START;
    }

    private void putLead(boolean hasNewline) {
        lead = new FastaChunk.Lead(stats.len, stats.bad, stats.firstBad, stats.firstBadByte, stats.lastCr, hasNewline);
    }

    /** A body line ended (line feed or end of object) inside this chunk. */
    private void completeBody() {
        if (stats.len == 1 && stats.lastCr) {
            blank(lineStart, true);
            return;
        }
        if (context == Context.OUTSIDE_RECORD) {
            failOutside(lineStart, lineNl);
            return;
        }
        if (!stats.validSequence()) {
            fail(stats.firstBad, lineNl, LineStats.badByteProblem(stats.firstBadByte), null);
            return;
        }
        sequenceLine(lineStart, lineNl, stats.len + 1, stats.bases());
    }

    private void tail() {
        flushGroup();
        if (stats.bad > 1 || (stats.bad == 1 && !stats.lastCr)) {
            fail(stats.firstBad, lineNl, LineStats.badByteProblem(stats.firstBadByte), null);
            return;
        }
        events.add(new FastaChunk.Tail(lineStart, lineNl, stats.len, stats.bad, stats.firstBad, stats.firstBadByte,
                stats.lastCr));
    }

    private void blank(long offset, boolean crOnly) {
        flushGroup();
        events.add(new FastaChunk.Blank(offset, lineNl, crOnly));
        context = Context.OUTSIDE_RECORD;
    }

    private void sequenceLine(long offset, long nl, long width, long bases) {
        if (groupRuns == 0) {
            startRun(offset, nl, width, bases);
            groupRuns = 1;
        } else if (groupRuns == 1 && width == runWidth && bases == runBases) {
            runCount++;
        } else if (groupRuns == 1 && width <= runWidth && bases <= runBases) {
            emitRun();
            startRun(offset, nl, width, bases);
            groupRuns = 2;
        } else if (groupRuns == 1) {
            failShape(offset, nl, "longer", width, bases);
        } else {
            failShape(offset, nl, "afterShort", width, bases);
        }
    }

    private void startRun(long offset, long nl, long width, long bases) {
        runOffset = offset;
        runNl = nl;
        runWidth = width;
        runBases = bases;
        runCount = 1;
    }

    private void emitRun() {
        if (runsAfterHeader != null) { // the lines right after a header: appended to its event, positions implied
            runsAfterHeader.add(new FastaChunk.Run(runWidth, runBases, runCount));
        } else {
            events.add(new FastaChunk.Sequence(runOffset, runNl, runWidth, runBases, runCount));
        }
    }

    private void flushGroup() {
        if (groupRuns > 0) {
            emitRun();
            groupRuns = 0;
        }
        runsAfterHeader = null;
    }

    /** A line that breaks the record's line layout; the finalize step words it with the record's name. */
    private void failShape(long offset, long nl, String kind, long width, long bases) {
        fail(new FastaChunk.ChunkError(offset, nl, null, null, kind, width, bases, runWidth, runBases));
    }

    private void fail(long offset, long nl, String problem, String hint) {
        fail(FastaChunk.ChunkError.of(offset, nl, problem, hint));
    }

    private void fail(FastaChunk.ChunkError e) {
        if (failed) {
            return;
        }
        flushGroup();
        failed = true;
        error = e;
    }

    /** A non-blank line that is not a header where no record is open: words it in the finalize step. */
    private void failOutside(long offset, long nl) {
        fail(FastaChunk.ChunkError.kind(offset, nl, start == 0 && !sawHeader ? "notFasta" : "afterBlank"));
    }

    /** C {@code isspace} in the C locale, as samtools uses it for names. */
    static boolean isSpace(byte c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }
}
