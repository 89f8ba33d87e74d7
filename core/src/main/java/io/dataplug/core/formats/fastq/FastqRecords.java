package io.dataplug.core.formats.fastq;

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
 * The records of {@code fastq} and {@code fastq-gzip} slices (both evaluate to plain FASTQ): reads of exactly
 * four lines, one layout, {@code reads} (name, sequence, quality). The 4-line cycle is checked again as the
 * slice is framed ('@' header, '+' line, quality as long as the sequence), so a slice that does not match its
 * index fails instead of giving shifted reads.
 */
final class FastqRecords implements RecordFraming {

    static final FastqRecords FRAMING = new FastqRecords();

    private FastqRecords() {
    }

    @Override
    public List<String> layouts() {
        return List.of("reads");
    }

    @Override
    public RecordReader open(Slice slice, InputStream evaluated, String layout) {
        return new Reads(RecordSplitter.lines(evaluated), "slice " + slice.index() + " of dataset " + slice.dataset()
                + " (evaluated)");
    }

    private record Reads(RecordSplitter lines, String where) implements RecordReader {

        @Override
        public List<RecordColumn> columns() {
            return FastqRead.COLUMNS;
        }

        @Override
        public FramedRecord next() throws IOException {
            if (!lines.next()) {
                return null;
            }
            long start = lines.start();
            long line = lines.number();
            if (lines.first() != '@') {
                throw fail(start, line, "expected a read header starting with '@'");
            }
            String name = lines.text().substring(1);
            String sequence = line(start, line);
            if (!lines.next() || lines.first() != '+') {
                throw fail(start, line, "the read's third line is not a '+' line");
            }
            String quality = line(start, line);
            if (quality.length() != sequence.length()) {
                throw fail(start, line, "quality has " + quality.length() + " characters, the sequence "
                        + sequence.length());
            }
            return new FastqRead(name, sequence, quality);
        }

        private String line(long start, long line) throws IOException {
            if (!lines.next()) {
                throw fail(start, line, "the data ends inside the read");
            }
            return lines.text();
        }

        private DataFormatException fail(long offset, long line, String problem) {
            return new DataFormatException(where, offset, line, problem, FastqFormat.HINT);
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }
}
