package io.dataplug.core.storage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** One store per distinct {@link StorageOptions}, so S3 clients are built once and shared. */
public final class StoreCache implements AutoCloseable {

    private final Map<StorageOptions, ObjectStore> stores = new ConcurrentHashMap<>();
    private final Function<StorageOptions, ObjectStore> factory;

    /** Stores that take credentials from the standard AWS chain. */
    public StoreCache() {
        this((AwsCredentialsProvider) null);
    }

    /** Stores that sign with {@code credentials} (null: the standard AWS chain). */
    public StoreCache(AwsCredentialsProvider credentials) {
        this(o -> credentials == null ? new ObjectStores(o) : new ObjectStores(o, credentials));
    }

    /** Stores made by {@code factory}, e.g. {@link ObjectStores} wrapped to observe or fail calls in tests. */
    public StoreCache(Function<StorageOptions, ObjectStore> factory) {
        this.factory = factory;
    }

    public ObjectStore get(StorageOptions options) {
        return stores.computeIfAbsent(options, factory);
    }

    @Override
    public void close() {
        stores.values().forEach(ObjectStore::close);
        stores.clear();
    }
}
