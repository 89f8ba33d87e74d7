package io.dataplug.core.storage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link ObjectStores} per distinct {@link StorageOptions}, so S3 clients are built once and shared. */
public final class StoreCache implements AutoCloseable {

    private final Map<StorageOptions, ObjectStores> stores = new ConcurrentHashMap<>();

    public ObjectStore get(StorageOptions options) {
        return stores.computeIfAbsent(options, ObjectStores::new);
    }

    @Override
    public void close() {
        stores.values().forEach(ObjectStores::close);
        stores.clear();
    }
}
