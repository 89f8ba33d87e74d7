package io.dataplug.core.formats.fastq;

import io.dataplug.core.io.LineReader;
import io.dataplug.core.io.Swar;
import io.dataplug.core.util.OptionalField;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Validates the FASTQ records of one byte chunk without knowing where the chunk falls in the 4-line record
 * cycle. A chunk owns the lines that start inside it. A quality line may begin with {@code @}, so a line
 * starting with {@code @} is not necessarily a header; instead of guessing, the scanner validates the
 * chunk under all four phases at once (phase p: the chunk's first line is line p of a record) and reports
 * each phase's outcome plus the number of lines it owns. The finalize step knows chunk 0 has phase 0 and
 * chains {@code phase(i+1) = (phase(i) + lines(i)) mod 4}, so the choice is exact, never heuristic.
 *
 * <p>Each phase validates the records whose header line the chunk owns, reading up to three lines past
 * the chunk's end to finish the last one.
 */
final class FastqChunkScanner {

    static final int BUFFER = 256 << 10;
    private static final byte LINE_FEED = '\n';
    private static final long PROGRESS_STEP = 4 << 20;

    /** Stands, in an error message, for the global line number of {@link Phase#errorRecordLine}. */
    static final String RECORD_LINE = "{record-line}";

    /**
     * Outcome of one phase. Checkpoints are pairs {@code [byte offset of a read start, read number in chunk]}.
     * On failure, {@code errorLine} and {@code errorRecordLine} (the failing record's header) are line
     * indexes within the chunk, and the message may contain {@link #RECORD_LINE}.
     */
    record Phase(boolean ok, long reads, long bases, @OptionalField List<long[]> checkpoints, @OptionalField String error,
                 long errorOffset, long errorLine, long errorRecordLine) {
    }

    /**
     * @param lines lines starting inside the chunk, or -1 when the scan stopped early because every phase failed
     */
    record Result(long lines, List<Phase> phases) {
    }

    private FastqChunkScanner() {
    }

    /**
     * @param in     the object's bytes from {@code max(0, start - 1)} on, running past {@code end} as far as needed
     * @param span   checkpoint spacing: the first read starting in each {@code span}-byte bucket is a checkpoint
     */
    static Result scan(InputStream in, long start, long end, long span, LongConsumer progress) throws IOException {
        return scan(in, start, end, span, progress, ReadMarks.NONE);
    }

    /** As {@link #scan(InputStream, long, long, long, LongConsumer)}, also filling {@code marks} for every phase. */
    static Result scan(InputStream in, long start, long end, long span, LongConsumer progress, ReadMarks marks)
            throws IOException {
        return scan(in, start, end, span, progress, marks, true);
    }

    /** As {@link #scan(InputStream, long, long, long, LongConsumer)}, every line through the phases: the reference. */
    static Result lineByLine(InputStream in, long start, long end, long span, LongConsumer progress) throws IOException {
        return scan(in, start, end, span, progress, ReadMarks.NONE, false);
    }

    /**
     * @param inPlace whether, once one phase is left, its whole records held in the reader's buffer are checked in
     *                place (four line feeds found a word at a time; '@', '+', equal lengths) instead of line by line
     */
    private static Result scan(InputStream in, long start, long end, long span, LongConsumer progress, ReadMarks marks,
                               boolean inPlace) throws IOException {
        long streamOffset = Math.max(0, start - 1);
        LineReader s = LineReader.plain(in, streamOffset);
        PhaseState[] phases = new PhaseState[4];
        for (int p = 0; p < 4; p++) {
            phases[p] = new PhaseState(p, marks);
        }
        long[] ringOffset = new long[4];
        long[] ringLength = new long[4];
        long j = 0;
        long owned = -1;
        boolean eof = false;
        int alive = 4;
        long reported = start;
        if (start > 0 && !s.next()) { // the line holding byte start - 1 began before the chunk (or ends right there)
            eof = true;
        }
        PhaseState single = null; // the one phase left, once the others failed (phases never recover)
        while (!eof) {
            if (single == null && inPlace && alive == 1) {
                single = survivor(phases);
            }
            long base = single != null && owned < 0 && ((single.phase + j) & 3) == 0 ? s.linearBase() : -1;
            if (base >= 0) {
                // Whole records of the one phase left, every line of them starting before the chunk's end, are taken
                // in place; the first that is not plainly valid (or not held whole) goes through the loop below.
                byte[] b = s.buffer();
                int k = s.pending();
                for (int held = s.held(); k < held && base + k < end && b[k] == '@'; ) {
                    // the line feeds ending the header, sequence, '+' and quality lines
                    int header = Swar.indexOf(b, k, held, LINE_FEED);
                    int sequence = header < 0 ? -1 : Swar.indexOf(b, header + 1, held, LINE_FEED);
                    if (sequence < 0 || sequence + 1 >= held || b[sequence + 1] != '+') {
                        break;
                    }
                    int plus = Swar.indexOf(b, sequence + 1, held, LINE_FEED);
                    if (plus < 0 || base + plus + 1 >= end) { // the quality line, too, must start in the chunk
                        break;
                    }
                    int quality = Swar.indexOf(b, plus + 1, held, LINE_FEED);
                    int seq = contentLength(b, header + 1, sequence);
                    if (quality < 0 || seq != contentLength(b, plus + 1, quality)) {
                        break;
                    }
                    single.read(base + k, seq, span);
                    j += 4;
                    k = quality + 1;
                    long pos = Math.min(base + k, end);
                    if (pos - reported >= PROGRESS_STEP) {
                        progress.accept(pos - reported);
                        reported = pos;
                    }
                }
                s.consumeTo(k);
            }
            if (!s.next()) {
                eof = true;
                break;
            }
            long lineStart = s.start();
            int length = s.contentLength();
            int first = s.first();
            if (owned < 0 && lineStart >= end) {
                owned = j;
            }
            if (owned >= 0 && j >= owned + 3) {
                break;
            }
            int r = (int) (j & 3);
            ringOffset[r] = lineStart;
            ringLength[r] = length;
            for (PhaseState ph : phases) {
                if (!ph.ok) {
                    continue;
                }
                int role = (int) ((ph.phase + j) & 3);
                long h = j - role;
                if (h < 0 || (owned >= 0 && h >= owned)) {
                    continue;
                }
                switch (role) {
                    case 0 -> {
                        if (first != '@') {
                            ph.fail("expected a read header line starting with '@', found " + describe(first, length),
                                    lineStart, j);
                        }
                    }
                    case 2 -> {
                        if (first != '+') {
                            ph.fail("expected the '+' separator line (third line of the record starting at line "
                                    + RECORD_LINE + "), found " + describe(first, length), lineStart, j, h);
                        }
                    }
                    case 3 -> {
                        long seq = ringLength[(int) ((h + 1) & 3)];
                        if (length != seq) {
                            ph.fail("quality line has " + length + " characters but the sequence has " + seq
                                    + " (record starting at line " + RECORD_LINE + ")", lineStart, j, h);
                        } else {
                            ph.read(ringOffset[(int) (h & 3)], seq, span);
                        }
                    }
                    default -> {
                    }
                }
                if (!ph.ok) {
                    alive--;
                }
            }
            j++;
            if (alive == 0) {
                if (end > reported) {
                    progress.accept(end - reported);
                }
                return new Result(-1, phases(phases));
            }
            long pos = Math.min(lineStart + s.length(), end);
            if (pos - reported >= PROGRESS_STEP) {
                progress.accept(pos - reported);
                reported = pos;
            }
        }
        if (owned < 0) {
            owned = j;
        }
        if (end > reported) {
            progress.accept(end - reported);
        }
        for (PhaseState ph : phases) {
            marks.end(ph.phase, ph.reads);
        }
        if (eof) {
            for (PhaseState ph : phases) {
                long h0 = (4 - ph.phase) & 3;
                if (!ph.ok || h0 >= owned) {
                    continue;
                }
                long last = h0 + ((owned - 1 - h0) / 4) * 4;
                if (last + 3 >= j) {
                    long have = j - last;
                    ph.fail("the data ends inside the record starting at line " + RECORD_LINE + ": it has " + have + " of 4 lines "
                            + "(the file has 4n+" + have + " lines)", ringOffset[(int) (last & 3)], last, last);
                }
            }
        }
        return new Result(owned, phases(phases));
    }

    /** The one phase still valid. */
    private static PhaseState survivor(PhaseState[] phases) {
        for (PhaseState ph : phases) {
            if (ph.ok) {
                return ph;
            }
        }
        throw new IllegalStateException("no phase is valid");
    }

    /** Length of the line {@code b[from, lineFeed)} without a carriage return before its line feed. */
    private static int contentLength(byte[] b, int from, int lineFeed) {
        return lineFeed > from && b[lineFeed - 1] == '\r' ? lineFeed - from - 1 : lineFeed - from;
    }

    private static List<Phase> phases(PhaseState[] states) {
        List<Phase> out = new ArrayList<>(4);
        for (PhaseState p : states) {
            out.add(p.ok ? new Phase(true, p.reads, p.bases, p.checkpoints, null, 0, 0, 0)
                    : new Phase(false, 0, 0, null, p.error, p.errorOffset, p.errorLine, p.errorRecordLine));
        }
        return out;
    }

    static String describe(int first, long length) {
        if (first < 0) {
            return "an empty line";
        }
        String c = first >= 0x20 && first < 0x7f ? "'" + (char) first + "'" : String.format("byte 0x%02x", first);
        return "a line starting with " + c;
    }

    private static final class PhaseState {
        final int phase;
        final ReadMarks marks;
        boolean ok = true;
        long reads;
        long bases;
        long lastBucket = -1;
        final List<long[]> checkpoints = new ArrayList<>();
        String error;
        long errorOffset;
        long errorLine;
        long errorRecordLine;

        PhaseState(int phase, ReadMarks marks) {
            this.phase = phase;
            this.marks = marks;
        }

        void read(long headerOffset, long sequenceLength, long span) {
            long bucket = headerOffset / span;
            if (bucket != lastBucket) {
                checkpoints.add(new long[] {headerOffset, reads});
                lastBucket = bucket;
            }
            marks.read(phase, headerOffset, reads);
            reads++;
            bases += sequenceLength;
        }

        void fail(String message, long offset, long line) {
            fail(message, offset, line, line);
        }

        void fail(String message, long offset, long line, long recordLine) {
            ok = false;
            error = message;
            errorOffset = offset;
            errorLine = line;
            errorRecordLine = recordLine;
        }
    }
}
