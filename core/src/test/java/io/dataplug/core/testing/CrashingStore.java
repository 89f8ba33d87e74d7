package io.dataplug.core.testing;

import io.dataplug.core.storage.ObjectInfo;
import io.dataplug.core.storage.ObjectLocation;
import io.dataplug.core.storage.ObjectStore;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A store that dies the way a killed process does: at the {@code nth} write whose key matches, either before
 * the bytes land or just after, and from then on every call fails, so nothing more of that run reaches
 * storage. Deterministic: the failure point is a write, not a moment in time.
 */
public final class CrashingStore extends ForwardingStore {

    /** Thrown where the simulated process died. */
    public static final class Crash extends RuntimeException {
        public Crash(String message) {
            super(message);
        }
    }

    private final Predicate<String> keys;
    private final int nth;
    private final boolean afterWrite;
    private final AtomicInteger seen = new AtomicInteger();
    private final AtomicBoolean dead = new AtomicBoolean();

    /**
     * @param keys       which writes count (by object key)
     * @param nth        the matching write (from 1) at which the process dies
     * @param afterWrite whether that write lands before the process dies
     */
    public CrashingStore(ObjectStore delegate, Predicate<String> keys, int nth, boolean afterWrite) {
        super(delegate);
        this.keys = keys;
        this.nth = nth;
        this.afterWrite = afterWrite;
    }

    public boolean crashed() {
        return dead.get();
    }

    private void alive(ObjectLocation at) {
        if (dead.get()) {
            throw new Crash("dead process touched " + at);
        }
    }

    /** Runs the write unless this is where the process dies; dies after it when so configured. */
    private <T> T write(ObjectLocation at, java.util.function.Supplier<T> write) {
        alive(at);
        boolean crashHere = keys.test(at.key()) && seen.incrementAndGet() == nth;
        if (crashHere && !afterWrite) {
            dead.set(true);
            throw new Crash("killed before writing " + at);
        }
        T result = write.get();
        if (crashHere) {
            dead.set(true);
            throw new Crash("killed after writing " + at);
        }
        return result;
    }

    @Override
    public Stream<ObjectInfo> list(ObjectLocation prefix) {
        alive(prefix);
        return delegate.list(prefix);
    }

    @Override
    public ObjectInfo head(ObjectLocation location) {
        alive(location);
        return delegate.head(location);
    }

    @Override
    public InputStream open(ObjectLocation location, long offset, long length, String expectedEtag) {
        alive(location);
        return delegate.open(location, offset, length, expectedEtag);
    }

    @Override
    public void put(ObjectLocation location, byte[] data) {
        write(location, () -> {
            delegate.put(location, data);
            return null;
        });
    }

    @Override
    public void putStreamed(ObjectLocation location, Writer writer) {
        write(location, () -> {
            delegate.putStreamed(location, writer);
            return null;
        });
    }

    @Override
    public boolean putIfAbsent(ObjectLocation location, byte[] data) {
        return write(location, () -> delegate.putIfAbsent(location, data));
    }

    @Override
    public void delete(ObjectLocation location) {
        write(location, () -> {
            delegate.delete(location);
            return null;
        });
    }
}
