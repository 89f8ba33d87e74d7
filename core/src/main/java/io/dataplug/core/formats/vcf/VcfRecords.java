package io.dataplug.core.formats.vcf;

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
 * The records of {@code vcf} and {@code vcf-bgzip} slices (both evaluate to plain VCF text): the data lines,
 * the header that starts every slice left out. Layouts: {@code line} (each data line as it is) and
 * {@code fields} ({@link VcfVariant}).
 */
final class VcfRecords implements RecordFraming {

    static final VcfRecords FRAMING = new VcfRecords();
    private static final String HINT = "the slice does not match its object; partition again";

    private VcfRecords() {
    }

    @Override
    public List<String> layouts() {
        return List.of("line", "fields");
    }

    @Override
    public RecordReader open(Slice slice, InputStream evaluated, String layout) {
        return new Lines(RecordSplitter.lines(evaluated), layout.equals("fields"),
                "slice " + slice.index() + " of dataset " + slice.dataset() + " (evaluated)");
    }

    private record Lines(RecordSplitter lines, boolean fields, String where) implements RecordReader {

        @Override
        public List<RecordColumn> columns() {
            return fields ? VcfVariant.COLUMNS : VcfLine.COLUMNS;
        }

        @Override
        public FramedRecord next() throws IOException {
            while (lines.next()) {
                if (lines.first() != '#') {
                    return fields ? variant(lines.text()) : new VcfLine(lines.text());
                }
            }
            return null;
        }

        private VcfVariant variant(String line) {
            String[] f = line.split("\t", 9);
            if (f.length < 8) {
                throw new DataFormatException(where, lines.start(), lines.number(), "a data line has " + f.length
                        + " columns, fewer than the 8 fixed ones", HINT);
            }
            long pos;
            try {
                pos = Long.parseLong(f[1]);
            } catch (NumberFormatException e) {
                throw new DataFormatException(where, lines.start(), lines.number(), "POS is not a number", HINT);
            }
            return new VcfVariant(f[0], pos, f[2], f[3], f[4], f[5], f[6], f[7], f.length > 8 ? f[8] : null);
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }
}
