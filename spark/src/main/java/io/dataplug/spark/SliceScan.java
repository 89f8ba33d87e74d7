package io.dataplug.spark;

import io.dataplug.core.reader.DataplugReader;
import io.dataplug.core.reader.ManifestEntry;
import io.dataplug.core.slice.InvalidSliceException;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructType;

/**
 * One input partition per slice. The driver reads the manifest once (after checking it is complete) and ships
 * each slice's document in its partition, so executors never read the manifest again.
 */
final class SliceScan implements Scan, Batch {

    private final StructType schema;
    private final SourceOptions options;

    SliceScan(StructType schema, SourceOptions options) {
        this.schema = schema;
        this.options = options;
    }

    @Override
    public StructType readSchema() {
        return schema;
    }

    @Override
    public String description() {
        return "dataplug " + options.manifest();
    }

    @Override
    public Batch toBatch() {
        return this;
    }

    @Override
    public InputPartition[] planInputPartitions() {
        try (DataplugReader reader = options.open()) {
            int count = reader.sliceCount();
            List<ManifestEntry> entries;
            try (Stream<ManifestEntry> s = reader.entries()) {
                entries = s.toList();
            }
            if (entries.size() != count) {
                throw new InvalidSliceException(reader.manifest() + " changed while it was read (" + count + " slices, then "
                        + entries.size() + ")");
            }
            return entries.stream().map(SlicePartition::new).toArray(InputPartition[]::new);
        }
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        return new SliceReaderFactory(options, schema);
    }

    /** One slice's document. */
    record SlicePartition(ManifestEntry entry) implements InputPartition {
    }
}
