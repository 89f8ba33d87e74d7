package io.dataplug.core.slice;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * An evaluator's small ranges of source objects that many slices repeat (a VCF header, a FASTA sequence's header
 * line), kept so that the slices of a dataset fetch each once. A range is keyed by its object as the slice names
 * it, ETag included: bytes read pinned to one ETag never answer for another. They are the object's bytes, not a
 * verdict on them: each slice runs its own format check on them, since two slices' claims may name one range. Only
 * reads that succeeded are kept; concurrent slices asking for the same range wait for one read. Bounded by
 * {@link #MAX_BYTES}, least recently used first out.
 */
final class SharedRanges {

    static final long MAX_BYTES = 32 << 20;
    /** Larger ranges are read for each slice: they are not what this is for. */
    static final int MAX_RANGE = 4 << 20;

    /** One range read: the bytes, checked. */
    @FunctionalInterface
    interface Read {
        byte[] get() throws IOException;
    }

    private record Key(SourceObject object, long start, int length) {
    }

    private final Map<Key, CompletableFuture<byte[]>> ranges = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    byte[] get(SourceObject object, long start, int length, Read read) throws IOException {
        if (length > MAX_RANGE) {
            return read.get();
        }
        Key key = new Key(object, start, length);
        CompletableFuture<byte[]> mine = new CompletableFuture<>();
        CompletableFuture<byte[]> theirs;
        synchronized (this) {
            theirs = ranges.putIfAbsent(key, mine);
            if (theirs == null) {
                bytes += length;
                evict();
            }
        }
        if (theirs != null) {
            return await(theirs, read);
        }
        try {
            byte[] b = read.get();
            mine.complete(b);
            return b;
        } catch (IOException | RuntimeException | Error e) {
            forget(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** Another slice's read of the range; when it failed, this slice reads for itself (and gets its own error). */
    private static byte[] await(CompletableFuture<byte[]> theirs, Read read) throws IOException {
        try {
            return theirs.get();
        } catch (ExecutionException e) {
            return read.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a shared range");
        }
    }

    private synchronized void forget(Key key, CompletableFuture<byte[]> f) {
        if (ranges.remove(key, f)) {
            bytes -= key.length();
        }
    }

    private void evict() {
        Iterator<Map.Entry<Key, CompletableFuture<byte[]>>> it = ranges.entrySet().iterator();
        while (bytes > MAX_BYTES && ranges.size() > 1) {
            bytes -= it.next().getKey().length();
            it.remove();
        }
    }
}
