package io.dataplug.spark;

import io.dataplug.core.format.FramedRecord;
import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.format.RecordColumn;
import io.dataplug.core.reader.DataSlice;
import io.dataplug.core.reader.RecordStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Record columns as Spark sees them, for any format: {@code STRING} is a string, {@code LONG} a long,
 * {@code BYTES} binary. A format without records gives one {@code bytes} column, one row per slice.
 */
final class Columns {

    static final List<RecordColumn> BINARY = List.of(new RecordColumn("bytes", RecordColumn.Type.BYTES));

    private Columns() {
    }

    /** The columns of {@code slice}'s records in {@code layout} (null: the format's default). */
    static List<RecordColumn> of(DataSlice slice, String layout) {
        if (!slice.hasRecords()) {
            if (layout != null) {
                throw new InvalidRequestException("format " + slice.format() + " has no records, so no layout '" + layout
                        + "': its slices are read as one row each, in a 'bytes' column");
            }
            return BINARY;
        }
        // Columns are known once the records are open (a CSV header is read); the evaluation stops at close.
        try (RecordStream<FramedRecord> records = slice.records(layout, FramedRecord.class)) {
            return records.columns();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static StructType schema(List<RecordColumn> columns) {
        StructType schema = new StructType();
        for (RecordColumn c : columns) {
            schema = schema.add(new StructField(c.name(), type(c.type()), true, org.apache.spark.sql.types.Metadata.empty()));
        }
        return schema;
    }

    private static DataType type(RecordColumn.Type type) {
        return switch (type) {
            case STRING -> DataTypes.StringType;
            case LONG -> DataTypes.LongType;
            case BYTES -> DataTypes.BinaryType;
        };
    }

    static InternalRow row(FramedRecord record, List<RecordColumn> columns) {
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            Object v = record.value(i);
            values[i] = v instanceof String s ? UTF8String.fromString(s) : v;
        }
        return new GenericInternalRow(values);
    }
}
