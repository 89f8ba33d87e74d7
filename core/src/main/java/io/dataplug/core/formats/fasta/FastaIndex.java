package io.dataplug.core.formats.fasta;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The index of one FASTA object ({@code index.json}), as columns. One row per record, in file order:
 * <pre>
 * name       the sequence name (header text after '>' up to the first white space), bytes as ISO-8859-1
 * header     offset of the record's '>'
 * eol        length of the header line's terminator: 1 (LF), 2 (CRLF), 0 (header is the object's last line)
 * offset     offset of the first residue byte (the .fai OFFSET: just after the header line)
 * length     residues in the record (the .fai LENGTH)
 * lineBases  residues per full sequence line (.fai LINEBASES; 0 for an empty sequence)
 * lineWidth  bytes per full sequence line, terminator included (.fai LINEWIDTH; 0 for an empty sequence)
 * </pre>
 * A record's bytes run from {@code header} to the next record's {@code header} (or the object's end), blank
 * lines after its sequence included. Bytes before the first header can only be blank lines.
 */
record FastaIndex(long size, boolean endsWithNewline, String lineEnding, String[] names, long[] header, int[] eol,
                  long[] offset, long[] length, long[] lineBases, long[] lineWidth) {

    static final int VERSION = 1;
    static final String[] COLUMNS = {"name", "header", "eol", "offset", "length", "lineBases", "lineWidth"};

    int records() {
        return header.length;
    }

    long residues() {
        return Arrays.stream(length).sum();
    }

    /** Number of sequence lines of record {@code r}. */
    long lines(int r) {
        return lineBases[r] == 0 ? 0 : (length[r] + lineBases[r] - 1) / lineBases[r];
    }

    /** Where record {@code r} ends: the next header or the end of the object. */
    long recordEnd(int r) {
        return r + 1 < header.length ? header[r + 1] : size;
    }

    /** The last record whose header starts at or before {@code pos}, or -1. */
    int recordAt(long pos) {
        int i = Arrays.binarySearch(header, pos);
        return i >= 0 ? i : -i - 2;
    }

    /** Start of sequence line {@code k} (0-based) of record {@code r}. */
    long lineStart(int r, long k) {
        return offset[r] + k * lineWidth[r];
    }

    /** The stored form: one array per record, in the order of {@link #COLUMNS}. */
    record Document(String format, int version, long size, boolean endsWithNewline, String lineEnding, long sequences,
                    long residues, List<String> columns, List<Row> records) {
    }

    /** One record: name, header, eol, offset, length, lineBases, lineWidth. */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    record Row(String name, long header, int eol, long offset, long length, long lineBases, long lineWidth) {
    }

    @JsonValue
    Document toDocument() {
        List<Row> rows = new ArrayList<>(records());
        for (int r = 0; r < records(); r++) {
            rows.add(new Row(names[r], header[r], eol[r], offset[r], length[r], lineBases[r], lineWidth[r]));
        }
        return new Document(FastaFormat.NAME, VERSION, size, endsWithNewline, lineEnding, records(), residues(),
                List.of(COLUMNS), rows);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static FastaIndex fromDocument(Document d) {
        if (d.version() != VERSION || !FastaFormat.NAME.equals(d.format()) || !d.columns().equals(List.of(COLUMNS))) {
            throw new IllegalStateException("not a fasta index of version " + VERSION + " (columns " + String.join(", ", COLUMNS)
                    + "); preprocess the dataset again");
        }
        int n = d.records().size();
        String[] names = new String[n];
        long[] header = new long[n];
        int[] eol = new int[n];
        long[] offset = new long[n];
        long[] length = new long[n];
        long[] lineBases = new long[n];
        long[] lineWidth = new long[n];
        for (int r = 0; r < n; r++) {
            Row row = d.records().get(r);
            names[r] = row.name();
            header[r] = row.header();
            eol[r] = row.eol();
            offset[r] = row.offset();
            length[r] = row.length();
            lineBases[r] = row.lineBases();
            lineWidth[r] = row.lineWidth();
        }
        return new FastaIndex(d.size(), d.endsWithNewline(), d.lineEnding(), names, header, eol, offset, length,
                lineBases, lineWidth);
    }
}
