package io.dataplug.core.formats.fasta;

import io.dataplug.core.slice.Corrections;
import io.dataplug.core.slice.SlicePart;
import io.dataplug.core.util.OptionalField;

/**
 * The corrections of a FASTA slice part; all absent for a part that starts at a record.
 *
 * @param headerStart where the header line of the sequence the part starts inside begins (its '>')
 * @param headerEnd   where that line's text ends (terminator excluded); the line is repeated before the part
 * @param offset      residues of the sequence before the part, written after the header as {@code " offset=<n>"}
 * @param eol         the terminator written after the repeated header ({@code "\n"} or {@code "\r\n"})
 * @param appendEol   a terminator to write after the part (its object's last line has none, and more follows)
 */
record FastaCorrections(@OptionalField Long headerStart, @OptionalField Long headerEnd, @OptionalField Long offset,
                        @OptionalField String eol, @OptionalField String appendEol) implements Corrections {

    static final FastaCorrections NONE = new FastaCorrections(null, null, null, null, null);

    static FastaCorrections header(long start, long end, long offset, String eol) {
        return new FastaCorrections(start, end, offset, eol, null);
    }

    FastaCorrections appending(String terminator) {
        return new FastaCorrections(headerStart, headerEnd, offset, eol, terminator);
    }

    boolean repeatsHeader() {
        return headerStart != null;
    }

    @Override
    public void validate(SlicePart<?> part) {
        boolean any = headerStart != null || headerEnd != null || offset != null || eol != null;
        if (any) {
            Corrections.require(headerStart != null && headerEnd != null && offset != null && eol != null,
                    "headerStart, headerEnd, offset and eol go together");
            Corrections.require(isTerminator(eol), "eol is not \\n or \\r\\n");
            Corrections.require(0 <= headerStart && headerStart < headerEnd && headerEnd <= part.start() - eol.length(),
                    "header line [" + headerStart + ", " + headerEnd + ") and its eol do not lie before the part (from "
                            + part.start() + ")");
            Corrections.require(headerEnd - headerStart <= FastaChunkScanner.MAX_HEADER_LINE, "header line of "
                    + (headerEnd - headerStart) + " bytes is longer than " + FastaChunkScanner.MAX_HEADER_LINE);
            Corrections.require(offset >= 0, "offset " + offset + " is negative");
        }
        Corrections.require(appendEol == null || isTerminator(appendEol), "appendEol is not \\n or \\r\\n");
    }

    static boolean isTerminator(String s) {
        return "\n".equals(s) || "\r\n".equals(s);
    }
}
