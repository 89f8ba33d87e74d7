package io.dataplug.core.slice;

import io.dataplug.core.format.Format;
import io.dataplug.core.format.Formats;
import io.dataplug.core.format.SliceContext;
import io.dataplug.core.storage.StorageOptions;
import io.dataplug.core.storage.StoreCache;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.Set;

/**
 * Turns a slice into its exact records, reading the raw objects with ranged GETs. Every store is reached as
 * the slice names it (source objects and, for side files, the metadata store); credentials come from the
 * {@link StoreCache}. A slice is untrusted input: before anything is read it must pass {@link SliceRules}
 * under the evaluator's {@link ReadPolicy}, and every read a format makes through the {@link SliceContext} is
 * checked again (only the slice's own objects, only side files under its metadata root). Small ranges that many
 * slices repeat are fetched once per evaluator ({@link SharedRanges}).
 */
public final class SliceEvaluator {

    private final StoreCache stores;
    private final StorageOptions v1MetadataStorage;
    private final ReadPolicy policy;
    private final SharedRanges shared = new SharedRanges();

    /** An evaluator for slices from object storage ({@link ReadPolicy#REMOTE}). */
    public SliceEvaluator(StoreCache stores, StorageOptions v1MetadataStorage) {
        this(stores, v1MetadataStorage, ReadPolicy.REMOTE);
    }

    /**
     * @param v1MetadataStorage how to reach the metadata store for slices of schema v1, which did not record it
     *                          (slices of schema v2 name their metadata store themselves)
     * @param policy            what slices may read beyond the rules every slice obeys
     */
    public SliceEvaluator(StoreCache stores, StorageOptions v1MetadataStorage, ReadPolicy policy) {
        this.stores = stores;
        this.v1MetadataStorage = v1MetadataStorage;
        this.policy = policy;
    }

    public void evaluate(Slice slice, OutputStream out) throws IOException {
        Format<?, ?, ?> format = Formats.get(slice.format());
        SliceRules.check(slice, policy);
        StorageOptions metadataStorage = slice.isV1() ? v1MetadataStorage : slice.metadata().storageOptions();
        Set<SourceObject> objects = new HashSet<>();
        slice.parts().forEach(p -> objects.add(p.object()));
        try (PartPrefetcher prefetcher = new PartPrefetcher(slice.parts(), o -> stores.get(o.storageOptions()))) {
            prefetcher.start();
            format.evaluate(new SliceContext() {
                @Override
                public InputStream open(SourceObject object, long start, long end) {
                    requireOwn(object);
                    return prefetcher.open(object, start, end);
                }

                @Override
                public byte[] readShared(SourceObject object, long start, int length, BytesCheck check) throws IOException {
                    requireOwn(object);
                    // Checked for every slice: another slice's claims may name the same range and pass where these fail.
                    byte[] bytes = shared.get(object, start, length,
                            () -> SliceContext.super.readShared(object, start, length, unchecked -> { }));
                    check.accept(bytes);
                    return bytes;
                }

                private void requireOwn(SourceObject object) {
                    if (!objects.contains(object)) {
                        throw new InvalidSliceException("format " + slice.format() + " asked for " + object.uri()
                                + ", which is not an object of slice " + slice.index());
                    }
                }

                @Override
                public byte[] readMetadata(String uri, long offset, int length) {
                    return stores.get(metadataStorage).read(SliceRules.sideFile(slice, uri, "slice " + slice.index(), policy),
                            offset, length, null);
                }
            }, slice, out);
        }
    }
}
