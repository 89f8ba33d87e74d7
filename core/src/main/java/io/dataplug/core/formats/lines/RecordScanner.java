package io.dataplug.core.formats.lines;

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

    private final boolean quoting;
    private final byte quote;
    private final byte separator;
    private int state;
    private long base;
    private long openQuote = -1;

    RecordScanner(LineSyntax syntax, int startState) {
        this.quoting = syntax.quoting();
        this.quote = (byte) syntax.quote();
        this.separator = (byte) syntax.separator();
        this.state = quoting ? startState : FIELD_START;
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
     * Scans {@code buf[from, to)} and returns the index of the first record terminator ({@code \n}), after
     * which the scanner is at the start of the next record; or -1 when none is in the range, after which the
     * scanner is in the state reached at {@code to}.
     */
    public int next(byte[] buf, int from, int to) {
        if (!quoting) {
            for (int i = from; i < to; i++) {
                if (buf[i] == '\n') {
                    return i;
                }
            }
            return -1;
        }
        final byte q = quote;
        final byte sep = separator;
        int s = state;
        int i = from;
        while (i < to) {
            if (s == QUOTED) {
                while (i < to && buf[i] != q) {
                    i++;
                }
                if (i == to) {
                    break;
                }
                s = AFTER_QUOTE;
                i++;
            } else if (s == UNQUOTED) {
                byte b = 0;
                while (i < to && (b = buf[i]) != '\n' && b != sep) {
                    i++;
                }
                if (i == to) {
                    break;
                }
                if (b == '\n') {
                    state = FIELD_START;
                    return i;
                }
                s = FIELD_START;
                i++;
            } else {
                byte b = buf[i];
                if (b == '\n') {
                    state = FIELD_START;
                    return i;
                }
                if (b == q) {
                    if (s == FIELD_START) {
                        openQuote = base + i;
                    }
                    s = QUOTED;
                } else if (b == sep) {
                    s = FIELD_START;
                } else {
                    s = UNQUOTED;
                }
                i++;
            }
        }
        state = s;
        return -1;
    }
}
