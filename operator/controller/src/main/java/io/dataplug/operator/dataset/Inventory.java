package io.dataplug.operator.dataset;

import io.dataplug.core.index.MetadataLayout;
import io.dataplug.core.slice.SourceObject;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.StorageOptions;
import io.dataplug.core.util.Hashing;
import io.dataplug.core.util.Json;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The objects a Ready dataset indexed, written to the metadata store when the dataset becomes Ready, at
 * {@code <root>/dataplug-v1/datasets/<namespace>/<name>/inventory-<revision>.json}. Partitionings read it, so
 * they slice exactly what was indexed even while new objects arrive under the prefix.
 */
public record Inventory(String schema, String namespace, String dataset, String format, Map<String, String> options,
                        String metadata, String revision, List<SourceObject> objects, Map<String, Long> attributes,
                        String createdAt) {

    public static final String SCHEMA = "dataplug.io/inventory/v1";

    public static ObjectLocation location(ObjectLocation metadataRoot, String namespace, String dataset, String revision) {
        return metadataRoot.resolve(datasetDir(namespace, dataset) + "inventory-" + revision + ".json");
    }

    public static String datasetDir(String namespace, String dataset) {
        return MetadataLayout.VERSION_DIR + "/datasets/" + namespace + "/" + dataset + "/";
    }

    /** Identifies the indexed set: format, options, metadata root and every object's URI, size and ETag. */
    public static String revision(String format, Map<String, String> options, ObjectLocation metadataRoot, List<ObjectInfo> objects) {
        StringBuilder sb = new StringBuilder(format).append('\n').append(metadataRoot.toUri()).append('\n');
        new java.util.TreeMap<>(options).forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        objects.stream().sorted(Comparator.comparing(o -> o.location().toUri()))
                .forEach(o -> sb.append(o.location().toUri()).append(' ').append(o.size()).append(' ').append(o.etag()).append('\n'));
        return Hashing.sha256Hex(sb.toString()).substring(0, 16);
    }

    public List<ObjectInfo> objectInfos() {
        return objects.stream().map(o -> new ObjectInfo(o.location(), o.size(), o.etag())).toList();
    }

    /** All objects of one dataset share the storage options. */
    public StorageOptions sourceStorage() {
        return objects.isEmpty() ? StorageOptions.defaults() : objects.get(0).storageOptions();
    }

    public byte[] toJson() {
        return Json.bytes(this);
    }

    public static Inventory fromJson(byte[] data, String where) {
        Inventory inv = Json.read(data, Inventory.class);
        if (!SCHEMA.equals(inv.schema())) {
            throw new IllegalArgumentException(where + ": unsupported inventory schema '" + inv.schema() + "'");
        }
        return inv;
    }
}
