package io.dataplug.core.testing;

import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectStore;
import java.io.InputStream;
import java.util.stream.Stream;

/** Passes every call to another store; tests override the calls they observe or disturb. */
public abstract class ForwardingStore implements ObjectStore {

    protected final ObjectStore delegate;

    protected ForwardingStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Stream<ObjectInfo> list(ObjectLocation prefix) {
        return delegate.list(prefix);
    }

    @Override
    public Stream<String> listFolders(ObjectLocation folder) {
        return delegate.listFolders(folder);
    }

    @Override
    public ObjectInfo head(ObjectLocation location) {
        return delegate.head(location);
    }

    @Override
    public InputStream open(ObjectLocation location, long offset, long length, String expectedEtag) {
        return delegate.open(location, offset, length, expectedEtag);
    }

    @Override
    public void put(ObjectLocation location, byte[] data) {
        delegate.put(location, data);
    }

    @Override
    public void putStreamed(ObjectLocation location, Writer writer) {
        delegate.putStreamed(location, writer);
    }

    @Override
    public boolean putIfAbsent(ObjectLocation location, byte[] data) {
        return delegate.putIfAbsent(location, data);
    }

    @Override
    public void delete(ObjectLocation location) {
        delegate.delete(location);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
