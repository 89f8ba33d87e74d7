package io.dataplug.core.storage;

import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Routes each call by the location's scheme: local files, or S3 with the given options. The S3 client is
 * created on first use, so purely local work needs no AWS configuration at all.
 */
public final class ObjectStores implements ObjectStore {

    private final StorageOptions options;
    private final AwsCredentialsProvider credentials;
    private final LocalObjectStore local = new LocalObjectStore();
    private final AtomicReference<S3ObjectStore> s3 = new AtomicReference<>();

    public ObjectStores(StorageOptions options) {
        this(options, null);
    }

    /** @param credentials explicit S3 credentials, or null for the standard AWS chain */
    public ObjectStores(StorageOptions options, AwsCredentialsProvider credentials) {
        this.options = options;
        this.credentials = credentials;
    }

    public StorageOptions options() {
        return options;
    }

    private ObjectStore forLocation(ObjectLocation location) {
        if (location.isLocal()) {
            return local;
        }
        S3ObjectStore store = s3.get();
        if (store == null) {
            synchronized (s3) {
                store = s3.get();
                if (store == null) {
                    store = new S3ObjectStore(options, credentials);
                    s3.set(store);
                }
            }
        }
        return store;
    }

    @Override
    public Stream<ObjectInfo> list(ObjectLocation prefix) {
        return forLocation(prefix).list(prefix);
    }

    @Override
    public Stream<String> listFolders(ObjectLocation folder) {
        return forLocation(folder).listFolders(folder);
    }

    @Override
    public ObjectInfo head(ObjectLocation location) {
        return forLocation(location).head(location);
    }

    @Override
    public InputStream open(ObjectLocation location, long offset, long length, String expectedEtag) {
        return forLocation(location).open(location, offset, length, expectedEtag);
    }

    @Override
    public Optional<byte[]> readIfExists(ObjectLocation location) {
        return forLocation(location).readIfExists(location);
    }

    @Override
    public void put(ObjectLocation location, byte[] data) {
        forLocation(location).put(location, data);
    }

    @Override
    public void putStreamed(ObjectLocation location, Writer writer) {
        forLocation(location).putStreamed(location, writer);
    }

    @Override
    public boolean putIfAbsent(ObjectLocation location, byte[] data) {
        return forLocation(location).putIfAbsent(location, data);
    }

    @Override
    public void delete(ObjectLocation location) {
        forLocation(location).delete(location);
    }

    @Override
    public void close() {
        S3ObjectStore store = s3.getAndSet(null);
        if (store != null) {
            store.close();
        }
    }
}
