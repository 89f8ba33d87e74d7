package io.dataplug.core.index;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataplug.core.format.ObjectIndex;
import io.dataplug.core.slice.SourceObject;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectStore;
import io.dataplug.core.storage.StorageException;
import io.dataplug.core.storage.StorageOptions;
import io.dataplug.core.util.Json;
import io.dataplug.core.util.InvalidDocumentException;
import io.dataplug.core.util.StrictJson;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reads and writes indexes under a metadata root, following {@link MetadataLayout}. */
public final class MetadataStore {

    /**
     * Indexes up to this size (as JSON) are kept inside the marker: one write fewer to commit, one read fewer to load.
     * Every plan reads the marker of every object, so larger indexes stay in their own file. 64 KiB holds a line
     * format's index of an object up to ~170 MB (vcf, the densest: 25 KB for 64 MiB): the PUT it saves is the last
     * round trip before a commit, and reading 64 KiB more costs a re-run's marker check far less than a request does
     * on object storage.
     */
    public static final int INLINE_INDEX_LIMIT = 64 << 10;

    private final ObjectStore store;
    private final MetadataLayout layout;
    private final int inlineIndexLimit;

    public MetadataStore(ObjectStore store, ObjectLocation root) {
        this(store, root, INLINE_INDEX_LIMIT);
    }

    /** @param inlineIndexLimit the largest index (bytes of JSON) committed inside the marker; 0 for none */
    public MetadataStore(ObjectStore store, ObjectLocation root, int inlineIndexLimit) {
        this.store = store;
        this.layout = new MetadataLayout(root);
        this.inlineIndexLimit = inlineIndexLimit;
    }

    public MetadataLayout layout() {
        return layout;
    }

    public ObjectStore objectStore() {
        return store;
    }

    /**
     * The ids of the object folders there are (see {@link MetadataLayout#objectDir}), from one listing: an object
     * version whose folder is not among them has no marker. Empty when there are more than {@code max}, so that a
     * root shared by many datasets is not listed to the end to plan a few objects; empty too when the store refuses
     * the listing (credentials allowed to read objects but not to list them): each marker is then looked up, and a
     * store that cannot be read at all says so there.
     */
    public Optional<Set<String>> objectFolders(int max) {
        Set<String> ids = new HashSet<>();
        try (Stream<String> folders = store.listFolders(layout.objectsDir())) {
            Iterator<String> it = folders.iterator();
            while (it.hasNext()) {
                if (ids.size() == max) {
                    return Optional.empty();
                }
                ids.add(it.next());
            }
        } catch (StorageException e) {
            return Optional.empty();
        }
        return Optional.of(ids);
    }

    /**
     * The completed index of this version of the object, if there is one. A marker that does not commit exactly
     * this object, format and options (unreadable, another layout version, edited) counts as none, so the object
     * is indexed again and the marker replaced.
     */
    public Optional<IndexMarker> marker(String format, Map<String, String> options, ObjectInfo source) {
        return marker(layout.objectDir(format, options, source), format, options, source);
    }

    private Optional<IndexMarker> marker(ObjectLocation objectDir, String format, Map<String, String> options,
                                         ObjectInfo source) {
        return store.readIfExists(MetadataLayout.marker(objectDir))
                .flatMap(b -> parse(b, IndexMarker.class, MetadataLayout.marker(objectDir)))
                .filter(m -> m.commits(format, options, source));
    }

    /** The object's committed index, read from the folder of the plan its marker names and bound to the format's record. */
    public <I> Optional<IndexedObject<I>> load(String format, Map<String, String> options, ObjectInfo source,
                                               StorageOptions sourceStorage, Class<I> indexType) {
        ObjectLocation dir = layout.objectDir(format, options, source);
        return marker(dir, format, options, source).map(m -> {
            ObjectLocation planDir = MetadataLayout.planDir(dir, m.plan());
            I index = m.index() != null
                    ? StrictJson.read(m.index(), indexType, MetadataLayout.marker(dir).toUri(), "index")
                    : indexFile(dir, planDir, m.plan(), indexType);
            Map<String, SourceObject> siblings = new TreeMap<>();
            if (m.siblings() != null) {
                m.siblings().forEach((role, p) -> siblings.put(role, SourceObject.of(
                        new ObjectInfo(ObjectLocation.parse(p.uri()), p.size(), p.etag()), sourceStorage)));
            }
            return new IndexedObject<>(SourceObject.of(source, sourceStorage), planDir.toUri(), index, m.attributes(), siblings);
        });
    }

    private <I> I indexFile(ObjectLocation objectDir, ObjectLocation planDir, String plan, Class<I> indexType) {
        ObjectLocation at = MetadataLayout.index(planDir);
        byte[] json = store.readIfExists(at).orElseThrow(
                () -> new IllegalStateException(MetadataLayout.marker(objectDir) + " commits " + plan + " but " + at
                        + " is missing (deleted by hand?): delete the marker and preprocess again"));
        return StrictJson.read(json, indexType, at.toUri());
    }

    /** The stored result of the map task over {@code [start, end)} of a plan; an unreadable one counts as none. */
    public Optional<ChunkResult> chunkResult(ObjectLocation planDir, long start, long end) {
        ObjectLocation at = MetadataLayout.chunk(planDir, start, end);
        return store.readIfExists(at).flatMap(b -> parse(b, ChunkResult.class, at));
    }

    public void writeChunkResult(ObjectLocation planDir, ChunkResult result) {
        store.put(MetadataLayout.chunk(planDir, result.start(), result.end()), Json.bytes(result));
    }

    public void writeSideFile(ObjectLocation planDir, String name, byte[] data) {
        store.put(MetadataLayout.sideFile(planDir, name), data);
    }

    /**
     * An index made ready to commit: its JSON, and whether it goes inside the marker (small) or to index.json.
     *
     * @param inline the index as the marker holds it, or null when it goes to index.json
     */
    public record PreparedIndex(byte[] json, JsonNode inline, Map<String, Long> attributes) {

        /** Whether committing it writes only the marker. */
        public boolean markerOnly() {
            return inline != null;
        }
    }

    public PreparedIndex prepare(ObjectIndex<?> index) {
        byte[] json = Json.bytes(index.index());
        return new PreparedIndex(json, json.length <= inlineIndexLimit ? StrictJson.parse(json, "index") : null,
                index.attributes());
    }

    /**
     * Writes the marker naming the plan, with the index inside when it is small, else after index.json in the plan's
     * folder: the marker is the commit point.
     * The marker is created only if absent (atomically where the store supports it), so the first run to commit
     * wins and later ones — same plan or not — keep its index; a marker that commits nothing valid is replaced.
     *
     * @param siblings the sibling objects read while indexing, by role (recorded with their size and ETag)
     * @return the marker now in place: this run's, or the one another run committed first
     */
    public IndexMarker commit(ObjectLocation objectDir, String plan, String format, Map<String, String> options,
                              ObjectInfo source, PreparedIndex index, List<String> sideFiles,
                              Map<String, ObjectInfo> siblings) {
        if (!index.markerOnly()) {
            store.put(MetadataLayout.index(MetadataLayout.planDir(objectDir, plan)), index.json());
        }
        IndexMarker mine = new IndexMarker(IndexMarker.SCHEMA, format, options, source.location().toUri(), source.size(),
                source.etag(), plan, index.attributes(), sideFiles, Instant.now().toString(), pinned(siblings),
                index.inline());
        ObjectLocation at = MetadataLayout.marker(objectDir);
        byte[] json = Json.bytes(mine);
        if (store.putIfAbsent(at, json)) {
            return mine;
        }
        Optional<IndexMarker> first = marker(objectDir, format, options, source);
        if (first.isPresent()) {
            return first.get();
        }
        store.put(at, json);
        return mine;
    }

    private static Map<String, IndexMarker.Pinned> pinned(Map<String, ObjectInfo> siblings) {
        if (siblings.isEmpty()) {
            return null;
        }
        Map<String, IndexMarker.Pinned> pinned = new TreeMap<>();
        siblings.forEach((role, o) -> pinned.put(role, new IndexMarker.Pinned(o.location().toUri(), o.size(), o.etag())));
        return pinned;
    }

    private static <T> Optional<T> parse(byte[] json, Class<T> type, ObjectLocation at) {
        try {
            return Optional.of(StrictJson.read(json, type, at.toUri()));
        } catch (InvalidDocumentException e) {
            return Optional.empty();
        }
    }
}
