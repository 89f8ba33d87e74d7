package io.dataplug.core.formats.fasta;

import io.dataplug.core.format.FramedRecord;
import io.dataplug.core.format.RecordColumn;
import java.util.List;

/**
 * The part of one FASTA sequence that a slice holds: the whole sequence, or (strategy {@code chunks}) a piece
 * of it. Concatenating a sequence's pieces in order of {@code offset} gives the sequence.
 *
 * @param name     the header line without its '>' (a description after white space included; a continuation
 *                 header's {@code offset=} is not part of it)
 * @param offset   residues of the sequence before this piece
 * @param sequence the piece's residues, line breaks removed
 */
public record FastaPiece(String name, long offset, String sequence) implements FramedRecord {

    static final List<RecordColumn> COLUMNS = List.of(RecordColumn.string("name"), RecordColumn.integer("offset"),
            RecordColumn.string("sequence"));

    @Override
    public Object value(int column) {
        return switch (column) {
            case 0 -> name;
            case 1 -> offset;
            case 2 -> sequence;
            default -> throw new IndexOutOfBoundsException(column);
        };
    }
}
