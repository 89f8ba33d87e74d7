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

/** Turns a slice into its exact records, reading the raw objects with ranged GETs. */
public final class SliceEvaluator {

    private final StoreCache stores;
    private final StorageOptions metadataStorage;

    /**
     * @param metadataStorage how to reach the metadata root, for formats whose slices need side files
     */
    public SliceEvaluator(StoreCache stores, StorageOptions metadataStorage) {
        this.stores = stores;
        this.metadataStorage = metadataStorage;
    }

    public void evaluate(Slice slice, OutputStream out) throws IOException {
        Format format = Formats.get(slice.format());
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
