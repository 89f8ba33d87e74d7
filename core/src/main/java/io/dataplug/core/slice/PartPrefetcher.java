package io.dataplug.core.slice;

import io.dataplug.core.storage.ObjectStore;
import io.dataplug.core.storage.RangeStreams;
import io.dataplug.core.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.SequenceInputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Reads a slice's parts concurrently: when a format opens part {@code i}, the first block of the next
 * {@link #AHEAD} parts is already being fetched. A slice spanning many small objects or ranges thus costs
 * a few round trips instead of one per part. Memory is bounded by {@code AHEAD * HEAD} bytes.
 *
 * <p>Each head starts one byte before its part (line formats check that a line feed precedes a part's start,
 * see {@link io.dataplug.core.format.LineStarts}), so a format may open the part at its start or at the byte
 * before it, and a read of just that byte is served without using up the head.
 */
final class PartPrefetcher implements AutoCloseable {

    static final int AHEAD = 4;
    static final int HEAD = RangeStreams.BLOCK_SIZE;

    private final List<SlicePart<?>> parts;
    private final Function<SourceObject, ObjectStore> stores;
    private final Map<Integer, CompletableFuture<byte[]>> heads = new HashMap<>();
    private int next;

    PartPrefetcher(List<SlicePart<?>> parts, Function<SourceObject, ObjectStore> stores) {
        this.parts = parts;
        this.stores = stores;
    }

    /**
     * Opens {@code [start, end)} of {@code object}, served from a prefetched head when it is the next part's range.
     * Only the bookkeeping holds the lock: a format's concurrent reads (a part and a small range beside it) wait for
     * their GETs together, not one after another.
     */
    InputStream open(SourceObject object, long start, long end) {
        Head head = claim(object, start, end);
        if (head == null) {
            return direct(object, start, end);
        }
        byte[] bytes = await(head.bytes());
        int skip = (int) (start - head.start());
        if (end <= start + bytes.length - skip) {
            return new ByteArrayInputStream(bytes, skip, (int) (end - start));
        }
        return new SequenceInputStream(new ByteArrayInputStream(bytes, skip, bytes.length - skip),
                direct(object, start + bytes.length - skip, end));
    }

    /** A prefetched head and where it starts in its object. */
    private record Head(CompletableFuture<byte[]> bytes, long start) {
    }

    /** The head that serves {@code [start, end)}, or null when it is read directly; starts prefetching the next parts. */
    private synchronized Head claim(SourceObject object, long start, long end) {
        int i = indexOf(object, start);
        if (i < 0) {
            return null;
        }
        SlicePart<?> part = parts.get(i);
        if (start < part.start() && end <= part.start()) {
            // only the byte before: served from the head if it is already here (waiting for it here would hold up
            // other reads), and the head is kept for the part
            CompletableFuture<byte[]> head = heads.get(i);
            return head != null && head.isDone() && !head.isCompletedExceptionally() ? new Head(head, headStart(part)) : null;
        }
        next = i + 1;
        CompletableFuture<byte[]> head = heads.remove(i);
        prefetchFrom(next);
        if (head == null || end > part.end()) {
            if (head != null) {
                head.cancel(true);
            }
            return null;
        }
        return new Head(head, headStart(part));
    }

    /** Where part {@code p}'s head starts: the byte before the part, if there is one. */
    private static long headStart(SlicePart<?> p) {
        return Math.max(0, p.start() - 1);
    }

    private int indexOf(SourceObject object, long start) {
        for (int i = next; i < parts.size(); i++) {
            SlicePart<?> p = parts.get(i);
            if ((p.start() == start || headStart(p) == start) && p.object().uri().equals(object.uri())) {
                return i;
            }
        }
        return -1;
    }

    private void prefetchFrom(int first) {
        for (int i = first; i < Math.min(parts.size(), first + AHEAD); i++) {
            if (heads.containsKey(i)) {
                continue;
            }
            SlicePart<?> p = parts.get(i);
            long from = headStart(p);
            int len = (int) Math.min(HEAD, p.end() - from);
            SourceObject o = p.object();
            heads.put(i, CompletableFuture.supplyAsync(
                    () -> stores.apply(o).read(o.location(), from, len, o.etag()), RangeStreams.ioExecutor()));
        }
    }

    /** Starts fetching the first parts before the format asks for them. */
    synchronized void start() {
        if (parts.size() > 1) {
            prefetchFrom(0);
        }
    }

    private InputStream direct(SourceObject object, long start, long end) {
        return RangeStreams.open(stores.apply(object), object.location(), object.etag(), start, end);
    }

    private static byte[] await(CompletableFuture<byte[]> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("", "interrupted while prefetching", new InterruptedIOException());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new StorageException("", e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public synchronized void close() {
        heads.values().forEach(f -> f.cancel(true));
        heads.clear();
    }
}
