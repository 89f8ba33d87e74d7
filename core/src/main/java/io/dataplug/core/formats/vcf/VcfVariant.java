package io.dataplug.core.formats.vcf;

import io.dataplug.core.format.FramedRecord;
import io.dataplug.core.format.RecordColumn;
import java.util.List;

/**
 * A VCF data line split into its fields (layout {@code fields}): the eight fixed columns, as written (a missing
 * value stays {@code "."}), and the rest of the line.
 *
 * @param samples the FORMAT column and the sample columns, tab-separated as in the file; null when the line
 *                has only the eight fixed columns
 */
public record VcfVariant(String chrom, long pos, String id, String ref, String alt, String qual, String filter,
                         String info, String samples) implements FramedRecord {

    static final List<RecordColumn> COLUMNS = List.of(RecordColumn.string("chrom"), RecordColumn.integer("pos"),
            RecordColumn.string("id"), RecordColumn.string("ref"), RecordColumn.string("alt"), RecordColumn.string("qual"),
            RecordColumn.string("filter"), RecordColumn.string("info"), RecordColumn.string("samples"));

    @Override
    public Object value(int column) {
        return switch (column) {
            case 0 -> chrom;
            case 1 -> pos;
            case 2 -> id;
            case 3 -> ref;
            case 4 -> alt;
            case 5 -> qual;
            case 6 -> filter;
            case 7 -> info;
            case 8 -> samples;
            default -> throw new IndexOutOfBoundsException(column);
        };
    }
}
