package io.dataplug.core.formats.lines;

/**
 * The state machine of {@link RecordScanner}'s class comment, one byte at a time and written as directly as
 * possible: the reference the word-at-a-time scanner is tested and benchmarked against.
 */
public final class ByteAtATimeScanner {

    private final boolean quoting;
    private final byte quote;
    private final byte separator;
    private int state;
    private long openQuote = -1;

    public ByteAtATimeScanner(LineSyntax syntax, int startState) {
        this.quoting = syntax.quoting();
        this.quote = (byte) syntax.quote();
        this.separator = (byte) syntax.separator();
        this.state = quoting ? startState : RecordScanner.FIELD_START;
    }

    public int state() {
        return state;
    }

    public long openQuote() {
        return openQuote;
    }

    /** As {@link RecordScanner#next}, with absolute offsets ({@code buf[0]} is offset 0). */
    public int next(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = buf[i];
            if (!quoting) {
                if (b == '\n') {
                    return i;
                }
                continue;
            }
            switch (state) {
                case RecordScanner.QUOTED -> state = b == quote ? RecordScanner.AFTER_QUOTE : RecordScanner.QUOTED;
                case RecordScanner.UNQUOTED -> {
                    if (b == '\n') {
                        state = RecordScanner.FIELD_START;
                        return i;
                    }
                    state = b == separator ? RecordScanner.FIELD_START : RecordScanner.UNQUOTED;
                }
                default -> {
                    if (b == '\n') {
                        state = RecordScanner.FIELD_START;
                        return i;
                    }
                    if (b == quote) {
                        if (state == RecordScanner.FIELD_START) {
                            openQuote = i;
                        }
                        state = RecordScanner.QUOTED;
                    } else {
                        state = b == separator ? RecordScanner.FIELD_START : RecordScanner.UNQUOTED;
                    }
                }
            }
        }
        return -1;
    }
}
