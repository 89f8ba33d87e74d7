package io.dataplug.core.index;

import io.dataplug.core.format.ObjectIndex;
import io.dataplug.core.slice.SourceObject;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectStore;
import io.dataplug.core.storage.StorageOptions;
import io.dataplug.core.util.Json;
import io.dataplug.core.util.StrictJson;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads and writes indexes under a metadata root, following {@link MetadataLayout}. */
public final class MetadataStore {

    private final ObjectStore store;
    private final MetadataLayout layout;

    public MetadataStore(ObjectStore store, ObjectLocation root) {
        this.store = store;
        this.layout = new MetadataLayout(root);
    }

    public MetadataLayout layout() {
        return layout;
    }

    public ObjectStore objectStore() {
        return store;
    }

    /** The completed index of this version of the object, if there is one. */
    public Optional<IndexMarker> marker(String format, Map<String, String> options, ObjectInfo source) {
        return marker(layout.objectDir(format, options, source));
    }

    public Optional<IndexMarker> marker(ObjectLocation dir) {
        return store.readIfExists(MetadataLayout.marker(dir)).map(b -> Json.read(b, IndexMarker.class));
    }

    /** The completed index of this version of the object, bound to the format's index record. */
    public <I> Optional<IndexedObject<I>> load(String format, Map<String, String> options, ObjectInfo source,
                                               StorageOptions sourceStorage, Class<I> indexType) {
        ObjectLocation dir = layout.objectDir(format, options, source);
        return marker(dir).map(m -> {
            ObjectLocation at = MetadataLayout.index(dir);
            I index = StrictJson.read(store.readIfExists(at).orElseThrow(
                    () -> new IllegalStateException(dir + ": marker present but index.json missing")), indexType, at.toUri());
            Map<String, SourceObject> siblings = new TreeMap<>();
            if (m.siblings() != null) {
                m.siblings().forEach((role, p) -> siblings.put(role, SourceObject.of(
                        new ObjectInfo(ObjectLocation.parse(p.uri()), p.size(), p.etag()), sourceStorage)));
            }
            return new IndexedObject<>(SourceObject.of(source, sourceStorage), dir.toUri(), index, m.attributes(), siblings);
        });
    }

    /** A map task's stored result, bound to the format's chunk result record. */
    public <R> Optional<R> chunkResult(ObjectLocation dir, int chunk, Class<R> type) {
        ObjectLocation at = MetadataLayout.chunk(dir, chunk);
        return store.readIfExists(at).map(b -> StrictJson.read(b, type, at.toUri()));
    }

    public void writeChunkResult(ObjectLocation dir, int chunk, Object result) {
        store.put(MetadataLayout.chunk(dir, chunk), Json.bytes(result));
    }

    public void writeSideFile(ObjectLocation dir, String name, byte[] data) {
        store.put(MetadataLayout.sideFile(dir, name), data);
    }

    /**
     * Writes index.json, then the marker: the marker is the commit point.
     *
     * @param siblings the sibling objects read while indexing, by role (recorded with their size and ETag)
     */
    public IndexMarker commit(ObjectLocation dir, String format, Map<String, String> options, ObjectInfo source,
                              ObjectIndex<?> index, List<String> sideFiles, Map<String, ObjectInfo> siblings) {
        store.put(MetadataLayout.index(dir), Json.bytes(index.index()));
        Map<String, IndexMarker.Pinned> pinned = null;
        if (!siblings.isEmpty()) {
            pinned = new TreeMap<>();
            for (Map.Entry<String, ObjectInfo> e : siblings.entrySet()) {
                ObjectInfo o = e.getValue();
                pinned.put(e.getKey(), new IndexMarker.Pinned(o.location().toUri(), o.size(), o.etag()));
            }
        }
        IndexMarker marker = new IndexMarker(IndexMarker.SCHEMA, format, options, source.location().toUri(),
                source.size(), source.etag(), index.attributes(), sideFiles, Instant.now().toString(), pinned);
        store.put(MetadataLayout.marker(dir), Json.bytes(marker));
        return marker;
    }
}
