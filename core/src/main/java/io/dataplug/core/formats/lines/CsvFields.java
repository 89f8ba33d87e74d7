package io.dataplug.core.formats.lines;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV record into its fields, by the rules {@link RecordScanner} finds record ends with (RFC 4180,
 * lenient like Python's {@code csv}): a quote opens a quoted field only at the start of a field; inside it
 * {@code ""} is a quote and separators and line breaks are data; text after a closing quote is kept. Quotes that
 * delimit a field are removed; values are decoded as UTF-8.
 */
final class CsvFields {

    private final LineSyntax syntax;
    private final ByteArrayOutputStream field = new ByteArrayOutputStream();

    CsvFields(LineSyntax syntax) {
        this.syntax = syntax;
    }

    /** The fields of {@code b[off, off + len)}, a record without its terminator. */
    List<String> split(byte[] b, int off, int len) {
        List<String> fields = new ArrayList<>();
        int quote = syntax.quote();
        byte sep = (byte) syntax.separator();
        int end = off + len;
        int i = off;
        while (true) {
            if (quote >= 0 && i < end && b[i] == (byte) quote) {
                i = quoted(b, i + 1, end, (byte) quote, sep);
                fields.add(field.toString(StandardCharsets.UTF_8));
            } else {
                int s = i;
                while (i < end && b[i] != sep) {
                    i++;
                }
                fields.add(new String(b, s, i - s, StandardCharsets.UTF_8));
            }
            if (i >= end) {
                return fields;
            }
            i++; // the separator
        }
    }

    /** Reads a quoted field from just after its opening quote into {@link #field}; returns where it ends. */
    private int quoted(byte[] b, int i, int end, byte quote, byte sep) {
        field.reset();
        while (i < end) {
            byte c = b[i];
            if (c != quote) {
                field.write(c);
                i++;
            } else if (i + 1 < end && b[i + 1] == quote) {
                field.write(quote);
                i += 2;
            } else {
                i++; // closing quote: what follows up to the separator is kept, as Python's csv does
                while (i < end && b[i] != sep) {
                    field.write(b[i++]);
                }
                return i;
            }
        }
        return i;
    }
}
