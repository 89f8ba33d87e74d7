package io.dataplug.spark;

import io.dataplug.core.format.FramedRecord;
import io.dataplug.core.format.RecordColumn;
import io.dataplug.core.reader.DataSlice;
import io.dataplug.core.reader.DataplugReader;
import io.dataplug.core.reader.RecordStream;
import io.dataplug.core.slice.InvalidSliceException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructType;

/** Evaluates one slice on an executor, through the reader API, under the same security rules as the CLI. */
record SliceReaderFactory(SourceOptions options, StructType schema) implements PartitionReaderFactory {

    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
        SliceScan.SlicePartition p = (SliceScan.SlicePartition) partition;
        DataplugReader reader = options.open();
        try {
            DataSlice slice = reader.slice(p.entry());
            if (!slice.hasRecords()) {
                return new WholeSlice(reader, slice);
            }
            RecordStream<FramedRecord> records = slice.records(options.layout(), FramedRecord.class);
            List<RecordColumn> columns = records.columns();
            if (!Columns.schema(columns).equals(schema)) {
                records.close();
                throw new InvalidSliceException("slice " + slice.index() + " has columns " + Columns.schema(columns)
                        .simpleString() + ", the first slice " + schema.simpleString() + " (a CSV object with another header?)");
            }
            return new Rows(reader, records, columns);
        } catch (IOException e) {
            reader.close();
            throw new java.io.UncheckedIOException(e);
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** One row per record. */
    private static final class Rows implements PartitionReader<InternalRow> {
        private final DataplugReader reader;
        private final RecordStream<FramedRecord> records;
        private final List<RecordColumn> columns;
        private InternalRow current;

        Rows(DataplugReader reader, RecordStream<FramedRecord> records, List<RecordColumn> columns) {
            this.reader = reader;
            this.records = records;
            this.columns = columns;
        }

        @Override
        public boolean next() {
            if (!records.hasNext()) {
                return false;
            }
            current = Columns.row(records.next(), columns);
            return true;
        }

        @Override
        public InternalRow get() {
            return current;
        }

        @Override
        public void close() throws IOException {
            try {
                records.close();
            } finally {
                reader.close();
            }
        }
    }

    /** A slice of a format without records: one row, its bytes. */
    private static final class WholeSlice implements PartitionReader<InternalRow> {
        private final DataplugReader reader;
        private final DataSlice slice;
        private InternalRow row;
        private boolean done;

        WholeSlice(DataplugReader reader, DataSlice slice) {
            this.reader = reader;
            this.slice = slice;
        }

        @Override
        public boolean next() throws IOException {
            if (done) {
                return false;
            }
            done = true;
            try (InputStream in = slice.open()) {
                row = new GenericInternalRow(new Object[] {in.readAllBytes()});
            }
            return true;
        }

        @Override
        public InternalRow get() {
            return row;
        }

        @Override
        public void close() {
            reader.close();
        }
    }
}
