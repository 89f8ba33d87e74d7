package io.dataplug.core.formats.fastq;

import io.dataplug.core.format.FramedRecord;
import io.dataplug.core.format.RecordColumn;
import java.util.List;

/**
 * One FASTQ read of an evaluated slice.
 *
 * @param name     the header line without its '@' (a description after white space included)
 * @param sequence the sequence line
 * @param quality  the quality line, as long as the sequence
 */
public record FastqRead(String name, String sequence, String quality) implements FramedRecord {

    static final List<RecordColumn> COLUMNS = List.of(RecordColumn.string("name"), RecordColumn.string("sequence"),
            RecordColumn.string("quality"));

    @Override
    public Object value(int column) {
        return switch (column) {
            case 0 -> name;
            case 1 -> sequence;
            case 2 -> quality;
            default -> throw new IndexOutOfBoundsException(column);
        };
    }
}
