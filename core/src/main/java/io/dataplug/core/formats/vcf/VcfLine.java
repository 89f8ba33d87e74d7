package io.dataplug.core.formats.vcf;

import io.dataplug.core.format.FramedRecord;
import io.dataplug.core.format.RecordColumn;
import java.util.List;

/** A VCF data line (layout {@code line}), without its terminator. */
public record VcfLine(String line) implements FramedRecord {

    static final List<RecordColumn> COLUMNS = List.of(RecordColumn.string("line"));

    @Override
    public Object value(int column) {
        return line;
    }
}
