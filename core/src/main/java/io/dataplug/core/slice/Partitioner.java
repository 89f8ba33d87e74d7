package io.dataplug.core.slice;

import io.dataplug.core.format.Format;
import io.dataplug.core.format.Formats;
import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.format.Params;
import io.dataplug.core.format.PartitionRequest;
import io.dataplug.core.format.StrategySpec;
import io.dataplug.core.index.IndexedObject;
import io.dataplug.core.index.MetadataLayout;
import io.dataplug.core.index.MetadataStore;
import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.StorageOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Computes the slices of a partitioning from the indexes alone. */
public final class Partitioner {

    private Partitioner() {
    }

    /** Loads each object's completed index; fails clearly when one is missing or stale. */
    public static List<IndexedObject<?>> loadIndexes(Format<?, ?, ?> format, Params options, List<ObjectInfo> objects,
                                                     StorageOptions sourceStorage, MetadataStore metadata) {
        List<IndexedObject<?>> indexed = new ArrayList<>();
        for (ObjectInfo o : objects) {
            indexed.add(metadata.load(format.name(), options.asMap(), o, sourceStorage, format.types().index()).orElseThrow(() ->
                    new MissingIndexException(o.location().toUri() + ": no " + format.name() + " index with these options for ETag "
                            + o.etag() + " under " + metadata.layout().root()
                            + " (not preprocessed yet, or the object changed since): run 'dataplug preprocess' first")));
        }
        return indexed;
    }

    /**
     * The slices of a partitioning, each recording {@code roots}: the dataset's declared source and its metadata
     * root (which must be {@code metadata}'s root), with how to reach their stores.
     */
    public static List<Slice> partition(String dataset, Format<?, ?, ?> format, Params options,
                                        List<? extends IndexedObject<?>> objects, String strategy,
                                        Map<String, String> rawParams, MetadataStore metadata, SliceRoots roots) {
        if (!trimSlash(metadata.layout().root().toUri()).equals(trimSlash(roots.metadata().uri()))) {
            throw new IllegalArgumentException("metadata root " + roots.metadata().uri() + " is not the root of the metadata store ("
                    + metadata.layout().root() + ")");
        }
        StrategySpec spec = Formats.strategy(format, strategy);
        Params params = Params.parse(spec.params(), rawParams, "strategy " + strategy + " of format " + format.name());
        PartitionRequest.MetadataReader reader = (dir, name) -> metadata.objectStore()
                .readIfExists(MetadataLayout.sideFile(ObjectLocation.parse(dir), name))
                .orElseThrow(() -> new MissingIndexException(dir + name + ": side file missing from the index"));
        List<List<SlicePart<?>>> parts = cut(format, dataset, options, strategy, params, objects, reader);
        List<Slice> slices = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            slices.add(new Slice(Slice.SCHEMA, dataset, format.name(), options.asMap(), strategy, params.asMap(), i,
                    parts.size(), roots.source(), roots.metadata(), parts.get(i)));
        }
        return slices;
    }

    private static <I> List<List<SlicePart<?>>> cut(Format<I, ?, ?> format, String dataset, Params options, String strategy,
                                                    Params params, List<? extends IndexedObject<?>> objects,
                                                    PartitionRequest.MetadataReader reader) {
        List<IndexedObject<I>> typed = new ArrayList<>(objects.size());
        Class<I> type = format.types().index();
        for (IndexedObject<?> o : objects) {
            if (!type.isInstance(o.index())) {
                throw new IllegalArgumentException(o.source().uri() + ": index is a " + o.index().getClass().getSimpleName()
                        + ", format " + format.name() + " expects " + type.getSimpleName());
            }
            typed.add(new IndexedObject<>(o.source(), o.metadataDir(), type.cast(o.index()), o.attributes(), o.siblings()));
        }
        List<List<SlicePart<?>>> out = new ArrayList<>();
        for (List<? extends SlicePart<?>> slice : format.partition(new PartitionRequest<>(dataset, options, strategy, params,
                typed, reader))) {
            out.add(List.copyOf(slice));
        }
        return out;
    }

    private static String trimSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    /** The index a partitioning needs is not there. */
    public static final class MissingIndexException extends InvalidRequestException {
        public MissingIndexException(String message) {
            super(message);
        }
    }
}
