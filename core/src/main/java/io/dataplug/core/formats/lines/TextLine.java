package io.dataplug.core.formats.lines;

import io.dataplug.core.format.FramedRecord;
import io.dataplug.core.format.RecordColumn;
import java.util.List;

/**
 * A record as one text value: a line of a {@code text} slice, or a whole CSV row (layout {@code value}),
 * without its terminator, decoded as UTF-8.
 */
public record TextLine(String value) implements FramedRecord {

    static final List<RecordColumn> COLUMNS = List.of(RecordColumn.string("value"));

    @Override
    public Object value(int column) {
        return value;
    }
}
