package io.dataplug.core.slice;

import io.dataplug.core.format.Format;
import io.dataplug.core.format.Formats;
import io.dataplug.core.format.SliceContext;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.StorageOptions;
import io.dataplug.core.storage.StoreCache;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Turns a slice into its exact records, reading the raw objects with ranged GETs. Every store is reached as
 * the slice names it (source objects and, for side files, the metadata store); credentials come from the
 * {@link StoreCache}.
 */
public final class SliceEvaluator {

    private final StoreCache stores;
    private final StorageOptions v1MetadataStorage;

    /**
     * @param v1MetadataStorage how to reach the metadata store for slices of schema v1, which did not record it
     *                          (slices of schema v2 name their metadata store themselves)
     */
    public SliceEvaluator(StoreCache stores, StorageOptions v1MetadataStorage) {
        this.stores = stores;
        this.v1MetadataStorage = v1MetadataStorage;
    }

    public void evaluate(Slice slice, OutputStream out) throws IOException {
        Format<?, ?, ?> format = Formats.get(slice.format());
        StorageOptions metadataStorage = slice.isV1() ? v1MetadataStorage : slice.metadata().storageOptions();
        try (PartPrefetcher prefetcher = new PartPrefetcher(slice.parts(), o -> stores.get(o.storageOptions()))) {
            prefetcher.start();
            format.evaluate(new SliceContext() {
                @Override
                public InputStream open(SourceObject object, long start, long end) {
                    return prefetcher.open(object, start, end);
                }

                @Override
                public byte[] readMetadata(String uri, long offset, int length) {
                    return stores.get(metadataStorage).read(ObjectLocation.parse(uri), offset, length, null);
                }
            }, slice, out);
        }
    }
}
