package io.dataplug.spark;

import io.dataplug.core.reader.DataplugReader;
import io.dataplug.core.reader.ManifestEntry;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The {@code dataplug} data source: {@code spark.read.format("dataplug").option("manifest", uri).load()} reads a
 * Partitioning's manifest, one input partition per slice, one row per record (docs/spark.md). The schema comes
 * from the first slice's format and layout (for CSV, its header).
 */
public final class DataplugSource implements TableProvider, DataSourceRegister {

    @Override
    public String shortName() {
        return "dataplug";
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        SourceOptions o = new SourceOptions(options.asCaseSensitiveMap());
        try (DataplugReader reader = o.open(); Stream<ManifestEntry> entries = reader.entries()) {
            Iterator<ManifestEntry> it = entries.iterator();
            return it.hasNext() ? Columns.schema(Columns.of(reader.slice(it.next()), o.layout())) : new StructType();
        }
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        return new DataplugTable(schema, new SourceOptions(properties));
    }
}
