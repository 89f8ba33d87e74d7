package io.dataplug.core.formats.lines;

import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.format.FramedRecord;
import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.format.Params;
import io.dataplug.core.format.RecordColumn;
import io.dataplug.core.format.RecordFraming;
import io.dataplug.core.format.RecordReader;
import io.dataplug.core.slice.Slice;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The records of text and CSV slices, split by the format's own {@link RecordScanner}. Layouts: {@code value}
 * (each line or row as one string) for both; for CSV also {@code header} (the default when the dataset has a
 * header): one string column per header field, rows split into fields by {@link CsvFields}, blank rows skipped
 * (as Python's {@code csv} and Spark do), and a row with another number of fields than the header is an error.
 */
final class LineRecords implements RecordFraming {

    static final String VALUE = "value";
    static final String HEADER = "header";

    private final LinesFormat format;

    LineRecords(LinesFormat format) {
        this.format = format;
    }

    @Override
    public List<String> layouts() {
        return format instanceof CsvFormat ? List.of(HEADER, VALUE) : List.of(VALUE);
    }

    @Override
    public String defaultLayout(Slice slice) {
        return format.header(options(slice)) ? HEADER : VALUE;
    }

    private Params options(Slice slice) {
        return Params.parse(format.options(), slice.options(), "format " + format.name());
    }

    @Override
    public RecordReader open(Slice slice, InputStream evaluated, String layout) throws IOException {
        Params options = options(slice);
        LineSyntax syntax = format.syntax(options);
        RecordSplitter records = new RecordSplitter(evaluated, syntax);
        boolean header = format.header(options);
        if (layout.equals(VALUE)) {
            if (header) {
                records.next(); // every slice of a dataset with a header starts with it
            }
            return new Values(records);
        }
        if (!header) {
            records.close();
            throw new InvalidRequestException("layout 'header' needs a dataset whose CSV has a "
                    + "header (format option header=true); read this one with layout 'value'");
        }
        CsvFields fields = new CsvFields(syntax);
        List<RecordColumn> columns = new ArrayList<>();
        if (records.next()) {
            Set<String> seen = new HashSet<>();
            List<String> names = fields.split(records.buffer(), records.offset(), records.contentLength());
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i).isEmpty() ? "_c" + i : names.get(i);
                if (!seen.add(name)) {
                    records.close();
                    throw new DataFormatException(where(slice), 0, 1, "the header names column '" + name + "' twice",
                            "read it with layout 'value'");
                }
                columns.add(RecordColumn.string(name));
            }
        }
        return new Rows(records, fields, List.copyOf(columns), slice);
    }

    private static String where(Slice slice) {
        return "slice " + slice.index() + " of dataset " + slice.dataset() + " (evaluated)";
    }

    private record Values(RecordSplitter records) implements RecordReader {
        @Override
        public List<RecordColumn> columns() {
            return TextLine.COLUMNS;
        }

        @Override
        public FramedRecord next() throws IOException {
            return records.next() ? new TextLine(records.text()) : null;
        }

        @Override
        public void close() throws IOException {
            records.close();
        }
    }

    private record Rows(RecordSplitter records, CsvFields fields, List<RecordColumn> columns, Slice slice)
            implements RecordReader {
        @Override
        public FramedRecord next() throws IOException {
            while (records.next()) {
                if (records.contentLength() == 0) {
                    continue;
                }
                List<String> row = fields.split(records.buffer(), records.offset(), records.contentLength());
                if (row.size() != columns.size()) {
                    throw new DataFormatException(where(slice), records.start(), records.number(), "row has " + row.size()
                            + " fields where the header has " + columns.size(), "read it with layout 'value'");
                }
                return new CsvRow(row);
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            records.close();
        }
    }
}
