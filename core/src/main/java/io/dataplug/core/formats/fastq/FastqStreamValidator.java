package io.dataplug.core.formats.fastq;

import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.io.Bytes;
import java.util.Arrays;

/**
 * Validates FASTQ records from a stream pushed to it in pieces (e.g. while a gzip stream is decompressed),
 * counting reads and bases. The stream starts at a record start, so every line's role in the 4-line cycle is
 * known. Also answers, for any offset up to what it has seen, how many reads start before it, and records
 * where given reads start, so that a checkpoint taken at an arbitrary offset can learn the read number and
 * offset of the first read starting at or after it.
 */
final class FastqStreamValidator {

    private final String uri;
    private final String where;

    private long line;
    private boolean atLineStart = true;
    private long lineStart;
    private long lineLength;
    private int first;
    private int last;
    private long recordStart;
    private long sequenceLength;
    private long headersStarted;
    private long reads;
    private long bases;
    private long seen;

    private long[] awaited = new long[16];
    private long[] awaitedOffsets = new long[16];
    private int awaitedCount;
    private int resolved;

    /**
     * @param uri   the object, for error messages
     * @param where qualifies offsets in error messages, e.g. "in the uncompressed data"
     */
    FastqStreamValidator(String uri, String where) {
        this.uri = uri;
        this.where = where;
    }

    /** Bytes {@code b[off, off + len)} at stream offset {@code offset} (must follow the previous piece). */
    void accept(byte[] b, int off, int len, long offset) {
        if (offset != seen) {
            throw new IllegalStateException("expected data at offset " + seen + ", got " + offset);
        }
        int end = off + len;
        int i = off;
        while (i < end) {
            if (atLineStart) {
                startLine(offset + (i - off), b[i] & 0xff);
            }
            int nl = Bytes.indexOfNewline(b, i, end);
            if (nl < 0) {
                lineLength += end - i;
                last = b[end - 1];
                break;
            }
            lineLength += nl - i;
            if (nl > i) {
                last = b[nl - 1];
            }
            endLine(true);
            i = nl + 1;
        }
        seen += len;
    }

    private void startLine(long offset, int firstByte) {
        atLineStart = false;
        lineStart = offset;
        lineLength = 0;
        first = firstByte;
        last = -1;
        if ((line & 3) == 0) {
            recordStart = offset;
            if (resolved < awaitedCount && awaited[resolved] == headersStarted) {
                while (resolved < awaitedCount && awaited[resolved] == headersStarted) {
                    awaitedOffsets[resolved++] = offset;
                }
            }
            headersStarted++;
        }
    }

    private void endLine(boolean terminated) {
        long len = lineLength;
        if (terminated && last == '\r') {
            len--;
        }
        int f = len == 0 ? -1 : first;
        switch ((int) (line & 3)) {
            case 0 -> {
                if (f != '@') {
                    fail(lineStart, line, "expected a read header line starting with '@', found "
                            + FastqChunkScanner.describe(f, len));
                }
            }
            case 1 -> sequenceLength = len;
            case 2 -> {
                if (f != '+') {
                    fail(lineStart, line, "expected the '+' separator line (third line of the record starting at line "
                            + (line - 1) + "), found " + FastqChunkScanner.describe(f, len));
                }
            }
            default -> {
                if (len != sequenceLength) {
                    fail(lineStart, line, "quality line has " + len + " characters but the sequence has " + sequenceLength
                            + " (record starting at line " + (line - 2) + ")");
                }
                reads++;
                bases += sequenceLength;
            }
        }
        line++;
        atLineStart = true;
    }

    /** Ends the stream: a last line without newline is completed, and an incomplete record is an error. */
    void finish() {
        if (!atLineStart) {
            endLine(false);
        }
        int partial = (int) (line & 3);
        if (partial != 0) {
            fail(recordStart, line - partial, "the data ends inside the record starting at line " + (line - partial + 1)
                    + ": it has " + partial + " of 4 lines (the file has 4n+" + partial + " lines)");
        }
    }

    private void fail(long offset, long zeroBasedLine, String problem) {
        throw new DataFormatException(uri, offset, zeroBasedLine + 1, where == null ? problem : problem + " (" + where + ")",
                FastqFormat.HINT);
    }

    /** Reads whose header line starts before the offset of the next byte to be pushed. */
    long readsStartedSoFar() {
        return headersStarted;
    }

    /**
     * Asks to record where read {@code readNumber} starts (calls must come with non-decreasing numbers, each at
     * least {@link #readsStartedSoFar()}); see {@link #awaitedOffsets}.
     */
    void await(long readNumber) {
        if (awaitedCount == awaited.length) {
            awaited = Arrays.copyOf(awaited, awaitedCount * 2);
            awaitedOffsets = Arrays.copyOf(awaitedOffsets, awaitedCount * 2);
        }
        awaited[awaitedCount++] = readNumber;
    }

    /** Start offsets of the awaited reads, in call order; a read that never started gets the stream length. */
    long[] awaitedOffsets() {
        long[] out = Arrays.copyOf(awaitedOffsets, awaitedCount);
        for (int k = resolved; k < awaitedCount; k++) {
            out[k] = seen;
        }
        return out;
    }

    long reads() {
        return reads;
    }

    long bases() {
        return bases;
    }

    long length() {
        return seen;
    }
}
