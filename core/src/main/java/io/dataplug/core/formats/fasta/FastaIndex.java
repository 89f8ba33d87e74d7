package io.dataplug.core.formats.fasta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataplug.core.util.Json;
import java.util.Arrays;

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

    ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("format", FastaFormat.NAME);
        o.put("version", VERSION);
        o.put("size", size);
        o.put("endsWithNewline", endsWithNewline);
        o.put("lineEnding", lineEnding);
        o.put("sequences", records());
        o.put("residues", residues());
        ArrayNode cols = o.putArray("columns");
        for (String c : COLUMNS) {
            cols.add(c);
        }
        ArrayNode rows = o.putArray("records");
        for (int r = 0; r < records(); r++) {
            rows.addArray().add(names[r]).add(header[r]).add(eol[r]).add(offset[r]).add(length[r])
                    .add(lineBases[r]).add(lineWidth[r]);
        }
        return o;
    }

    static FastaIndex fromJson(JsonNode o, String where) {
        if (o == null || o.path("version").asInt() != VERSION || !FastaFormat.NAME.equals(o.path("format").asText())) {
            throw new IllegalStateException(where + ": not a fasta index of version " + VERSION);
        }
        JsonNode rows = o.path("records");
        int n = rows.size();
        String[] names = new String[n];
        long[] header = new long[n];
        int[] eol = new int[n];
        long[] offset = new long[n];
        long[] length = new long[n];
        long[] lineBases = new long[n];
        long[] lineWidth = new long[n];
        for (int r = 0; r < n; r++) {
            JsonNode row = rows.get(r);
            names[r] = row.get(0).asText();
            header[r] = row.get(1).asLong();
            eol[r] = row.get(2).asInt();
            offset[r] = row.get(3).asLong();
            length[r] = row.get(4).asLong();
            lineBases[r] = row.get(5).asLong();
            lineWidth[r] = row.get(6).asLong();
        }
        return new FastaIndex(o.path("size").asLong(), o.path("endsWithNewline").asBoolean(),
                o.path("lineEnding").asText("\n"), names, header, eol, offset, length, lineBases, lineWidth);
    }
}
