package io.dataplug.core.formats.lines;

import io.dataplug.core.io.Swar;

/**
 * Finds record terminators in a byte stream: the one parser used by indexing and by slice evaluation, so
 * both always agree on where records start. A record starts at offset 0 and right after each terminator.
 *
 * <p>With quoting on, it is a four-state machine (RFC 4180, lenient like Python's {@code csv} reader):
 * <pre>
 *               quote          separator      \n                  other
 * FIELD_START   QUOTED (opens) FIELD_START    end of record       UNQUOTED
 * UNQUOTED      UNQUOTED       FIELD_START    end of record       UNQUOTED
 * QUOTED        AFTER_QUOTE    QUOTED         QUOTED (data)       QUOTED
 * AFTER_QUOTE   QUOTED ("")    FIELD_START    end of record       UNQUOTED
 * </pre>
 * {@code AFTER_QUOTE} acts like {@code FIELD_START}; it is kept apart only so that an escaped quote is not
 * taken for the opening quote of a field (which error messages point at).
 */
public final class RecordScanner {

    public static final int FIELD_START = 0;
    public static final int UNQUOTED = 1;
    public static final int QUOTED = 2;
    public static final int AFTER_QUOTE = 3;
    /** States a chunk may start in, as far as record boundaries go (AFTER_QUOTE behaves as FIELD_START). */
    public static final int START_STATES = 3;

    private static final byte NEWLINE = '\n';
    private static final long NEWLINES = Swar.broadcast(NEWLINE);

    private final boolean quoting;
    private final byte quote;
    private final byte separator;
    private final long quotePattern;
    private int state;
    private long base;
    private long openQuote = -1;
    private boolean endedRecord;

    RecordScanner(LineSyntax syntax, int startState) {
        this.quoting = syntax.quoting();
        this.quote = (byte) syntax.quote();
        this.separator = (byte) syntax.separator();
        this.quotePattern = Swar.broadcast(quote);
        this.state = quoting ? startState : FIELD_START;
    }

    /** False when every line feed ends a record (no quote byte). */
    public boolean quoting() {
        return quoting;
    }

    public int state() {
        return state;
    }

    /** Resets to the start of a record (a known record start, e.g. a checkpoint). */
    public void reset() {
        state = FIELD_START;
    }

    /** The absolute offset of {@code buf[0]} for the following calls, used by {@link #openQuote()}. */
    public void base(long offset) {
        this.base = offset;
    }

    /** Absolute offset of the last quote that opened a quoted field, or -1 if none was seen. */
    public long openQuote() {
        return openQuote;
    }

    /**
     * Counts the record terminators in {@code buf[from, to)} without stopping at each, leaving the scanner in the
     * state reached at {@code to} as {@link #next} would. Whether the last byte of the range ended a record is
     * {@link #endedRecord()} afterwards.
     */
    public long count(byte[] buf, int from, int to) {
        if (!quoting) {
            endedRecord = to > from && buf[to - 1] == NEWLINE;
            return Swar.count(buf, from, to, NEWLINE);
        }
        final byte q = quote;
        int s = state;
        long n = 0;
        int i = from;
        while (i < to) {
            int quoteAt = Swar.indexOf(buf, i, to, q);
            if (s == QUOTED) {
                if (quoteAt < 0) {
                    break;
                }
                s = AFTER_QUOTE;
                i = quoteAt + 1;
                continue;
            }
            // Outside quotes, every line feed before the next quote ends a record, and the last byte before
            // it alone sets the state: two tight word loops, not a pass through the state table.
            int stop = quoteAt < 0 ? to : quoteAt;
            if (stop > i) {
                n += Swar.count(buf, i, stop, NEWLINE);
                byte b = buf[stop - 1];
                s = b == separator || b == NEWLINE ? FIELD_START : UNQUOTED;
            }
            if (quoteAt < 0) {
                break;
            }
            if (s == FIELD_START) {
                openQuote = base + quoteAt;
            }
            s = s == UNQUOTED ? UNQUOTED : QUOTED;
            i = quoteAt + 1;
        }
        state = s;
        // a line feed leaves the quoted state as it was and every other state at the start of a record
        endedRecord = to > from && buf[to - 1] == NEWLINE && s != QUOTED;
        return n;
    }

    /** Whether the last byte {@link #count} went through ended a record. */
    public boolean endedRecord() {
        return endedRecord;
    }

    /**
     * Scans {@code buf[from, to)} and returns the index of the first record terminator ({@code \n}), after
     * which the scanner is at the start of the next record; or -1 when none is in the range, after which the
     * scanner is in the state reached at {@code to}.
     */
    public int next(byte[] buf, int from, int to) {
        if (!quoting) {
            return Swar.indexOf(buf, from, to, NEWLINE);
        }
        final byte q = quote;
        final byte sep = separator;
        int s = state;
        int i = from;
        while (i < to) {
            if (s == QUOTED) {
                i = Swar.indexOf(buf, i, to, q);
                if (i < 0) {
                    i = to;
                    break;
                }
                s = AFTER_QUOTE;
                i++;
                continue;
            }
            // Outside quotes, a word without a quote byte ends the first record at its first line feed; without
            // one either, only its last byte matters for the state (a separator starts a field, else unquoted).
            int last = to - Long.BYTES;
            if (i <= last) {
                long w = Swar.word(buf, i);
                long nl = Swar.eq(w, NEWLINES);
                long quotes = Swar.eq(w, quotePattern);
                if ((nl | quotes) == 0) {
                    do {
                        i += Long.BYTES;
                        if (i > last) {
                            break;
                        }
                        w = Swar.word(buf, i);
                        nl = Swar.eq(w, NEWLINES);
                        quotes = Swar.eq(w, quotePattern);
                    } while ((nl | quotes) == 0);
                    s = buf[i - 1] == sep ? FIELD_START : UNQUOTED;
                    if (i > last) {
                        continue;
                    }
                }
                if (quotes == 0 || (nl != 0 && Long.numberOfTrailingZeros(nl) < Long.numberOfTrailingZeros(quotes))) {
                    state = FIELD_START;
                    return i + Swar.first(nl);
                }
                int k = Swar.first(quotes); // the bytes before the quote are neither quotes nor line feeds
                if (k > 0) {
                    i += k;
                    s = buf[i - 1] == sep ? FIELD_START : UNQUOTED;
                }
            }
            // A quote ahead (or fewer than eight bytes left): one byte through the state table.
            byte b = buf[i];
            if (b == '\n') {
                state = FIELD_START;
                return i;
            }
            if (b == q) {
                if (s == FIELD_START) {
                    openQuote = base + i;
                }
                s = s == UNQUOTED ? UNQUOTED : QUOTED;
            } else {
                s = b == sep ? FIELD_START : UNQUOTED;
            }
            i++;
        }
        state = s;
        return -1;
    }
}
