package io.dataplug.core.testing;

import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectStore;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A store whose every request waits a round trip first, as one to object storage does (tens of ms to the first
 * byte on S3, against ~1 ms on loopback): benchmarks over the embedded server see what requests made one after
 * another cost there. Only latency: bytes then flow at the server's speed. A read is one request, whole as the
 * wrapped store makes it (not a HEAD and a GET, as {@link ForwardingStore}'s default would).
 */
public final class LatencyStore extends ForwardingStore {

    private final long millis;

    public LatencyStore(ObjectStore delegate, long millis) {
        super(delegate);
        this.millis = millis;
    }

    private void roundTrip() {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("interrupted in an emulated round trip"));
        }
    }

    @Override
    public Stream<ObjectInfo> list(ObjectLocation prefix) {
        roundTrip();
        return super.list(prefix);
    }

    @Override
    public Stream<String> listFolders(ObjectLocation folder) {
        roundTrip();
        return super.listFolders(folder);
    }

    @Override
    public ObjectInfo head(ObjectLocation location) {
        roundTrip();
        return super.head(location);
    }

    @Override
    public InputStream open(ObjectLocation location, long offset, long length, String expectedEtag) {
        roundTrip();
        return super.open(location, offset, length, expectedEtag);
    }

    @Override
    public Optional<byte[]> readIfExists(ObjectLocation location) {
        roundTrip();
        return delegate.readIfExists(location);
    }

    @Override
    public void put(ObjectLocation location, byte[] data) {
        roundTrip();
        super.put(location, data);
    }

    @Override
    public void putStreamed(ObjectLocation location, Writer writer) {
        roundTrip();
        super.putStreamed(location, writer);
    }

    @Override
    public boolean putIfAbsent(ObjectLocation location, byte[] data) {
        roundTrip();
        return super.putIfAbsent(location, data);
    }

    @Override
    public void delete(ObjectLocation location) {
        roundTrip();
        super.delete(location);
    }
}
