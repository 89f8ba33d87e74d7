package io.dataplug.core.storage;

import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link ObjectStores} per distinct {@link StorageOptions}, so S3 clients are built once and shared. */
public final class StoreCache implements AutoCloseable {

    private final Map<StorageOptions, ObjectStores> stores = new ConcurrentHashMap<>();
    private final AwsCredentialsProvider credentials;

    /** Stores that take credentials from the standard AWS chain. */
    public StoreCache() {
        this(null);
    }

    /** Stores that sign with {@code credentials} (null: the standard AWS chain). */
    public StoreCache(AwsCredentialsProvider credentials) {
        this.credentials = credentials;
    }

    public ObjectStore get(StorageOptions options) {
        return stores.computeIfAbsent(options, o -> credentials == null ? new ObjectStores(o) : new ObjectStores(o, credentials));
    }

    @Override
    public void close() {
        stores.values().forEach(ObjectStores::close);
        stores.clear();
    }
}
