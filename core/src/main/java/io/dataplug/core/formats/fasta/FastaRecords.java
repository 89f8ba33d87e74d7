package io.dataplug.core.formats.fasta;

import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.format.FramedRecord;
import io.dataplug.core.format.RecordColumn;
import io.dataplug.core.format.RecordFraming;
import io.dataplug.core.format.RecordReader;
import io.dataplug.core.formats.lines.RecordSplitter;
import io.dataplug.core.slice.Slice;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The records of {@code fasta} slices: one {@link FastaPiece} per header in the slice, layout {@code pieces}.
 * Whether the first header is a continuation header (and its offset) is taken from the slice's corrections, not
 * guessed from the text, so a header that itself ends with {@code offset=<n>} is read as it is.
 */
final class FastaRecords implements RecordFraming {

    static final FastaRecords FRAMING = new FastaRecords();

    private FastaRecords() {
    }

    @Override
    public List<String> layouts() {
        return List.of("pieces");
    }

    @Override
    public RecordReader open(Slice slice, InputStream evaluated, String layout) {
        List<FastaCorrections> parts = slice.parts(FastaCorrections.class).stream().map(p -> p.corrections()).toList();
        FastaCorrections first = parts.isEmpty() ? FastaCorrections.NONE : parts.get(0);
        return new Pieces(RecordSplitter.lines(evaluated), first.repeatsHeader() ? first.offset() : null,
                "slice " + slice.index() + " of dataset " + slice.dataset() + " (evaluated)");
    }

    private static final class Pieces implements RecordReader {
        private final RecordSplitter lines;
        private final String where;
        private Long continuation;
        private boolean pending;

        Pieces(RecordSplitter lines, Long continuation, String where) {
            this.lines = lines;
            this.continuation = continuation;
            this.where = where;
        }

        @Override
        public List<RecordColumn> columns() {
            return FastaPiece.COLUMNS;
        }

        @Override
        public FramedRecord next() throws IOException {
            if (!pending && !advanceToHeader()) {
                return null;
            }
            pending = false;
            String header = lines.text().substring(1);
            long offset = 0;
            if (continuation != null) {
                String suffix = " offset=" + continuation;
                if (!header.endsWith(suffix)) {
                    throw new DataFormatException(where, lines.start(), lines.number(), "the continuation header does not "
                            + "end with '" + suffix + "'", "the slice does not match its object; partition again");
                }
                header = header.substring(0, header.length() - suffix.length());
                offset = continuation;
                continuation = null;
            }
            StringBuilder sequence = new StringBuilder();
            while (lines.next()) {
                if (lines.first() == '>') {
                    pending = true;
                    break;
                }
                sequence.append(lines.text());
            }
            return new FastaPiece(header, offset, sequence.toString());
        }

        /** Skips blank lines to the next header; false at the end. */
        private boolean advanceToHeader() throws IOException {
            while (lines.next()) {
                if (lines.first() == '>') {
                    return true;
                }
                if (lines.contentLength() > 0) {
                    throw new DataFormatException(where, lines.start(), lines.number(), "sequence data before the first "
                            + "header", "the slice does not match its object; partition again");
                }
            }
            return false;
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }
}
