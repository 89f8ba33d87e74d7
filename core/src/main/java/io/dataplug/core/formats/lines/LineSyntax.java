package io.dataplug.core.formats.lines;

import io.dataplug.core.format.InvalidRequestException;

/**
 * What ends a record. Plain lines end at every {@code \n}. CSV records end at a {@code \n} outside a quoted
 * field, following RFC 4180 as the common readers do (Python's {@code csv}, pandas): a quote opens a quoted
 * field only at the start of a field; inside it, {@code ""} is an escaped quote; a quote in the middle of an
 * unquoted field is an ordinary character. Bytes are matched, never decoded, so any ASCII-compatible
 * encoding (UTF-8, Latin-1...) is sliced exactly; a lone {@code \r} is data, {@code \r\n} ends a record.
 *
 * @param quote     the quote byte, or -1 when quoting is off
 * @param separator the field separator byte (only matters when quoting is on)
 */
public record LineSyntax(int quote, int separator) {

    public static final LineSyntax LINES = new LineSyntax(-1, -1);

    /** Validates CSV options: single ASCII characters, distinct, not a line break. */
    public static LineSyntax csv(char separator, char quote, String what) {
        if (separator == 0) {
            throw new InvalidRequestException("option 'separator' of " + what + " cannot be 'none'");
        }
        check("separator", separator, what);
        if (quote == 0) {
            return new LineSyntax(-1, separator);
        }
        check("quote", quote, what);
        if (quote == separator) {
            throw new InvalidRequestException("options 'separator' and 'quote' of " + what + " must differ (both are '"
                    + separator + "')");
        }
        return new LineSyntax(quote, separator);
    }

    private static void check(String name, char c, String what) {
        if (c > 0x7f) {
            throw new InvalidRequestException("option '" + name + "' of " + what
                    + " must be a single ASCII character, got '" + c + "'");
        }
        if (c == '\n' || c == '\r') {
            throw new InvalidRequestException("option '" + name + "' of " + what + " cannot be a line break");
        }
    }

    public boolean quoting() {
        return quote >= 0;
    }

    /** How many start states a chunk must be scanned under: 1 for plain lines, 3 with quoting. */
    public int hypotheses() {
        return quoting() ? RecordScanner.START_STATES : 1;
    }

    public RecordScanner scanner(int startState) {
        return new RecordScanner(this, startState);
    }
}
