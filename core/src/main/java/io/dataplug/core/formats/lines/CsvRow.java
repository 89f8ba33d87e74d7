package io.dataplug.core.formats.lines;

import io.dataplug.core.format.FramedRecord;
import java.util.List;

/**
 * A CSV row (layout {@code header}): its fields as strings, quotes removed, in the order of the header's
 * columns. An empty field is an empty string, never null.
 */
public record CsvRow(List<String> fields) implements FramedRecord {

    public CsvRow {
        fields = List.copyOf(fields);
    }

    @Override
    public Object value(int column) {
        return fields.get(column);
    }
}
