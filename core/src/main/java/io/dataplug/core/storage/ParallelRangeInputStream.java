package io.dataplug.core.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * Streams {@code [start, end)} of one object as consecutive blocks fetched concurrently: up to
 * {@code parallelism} ranged GETs are in flight ahead of the reader, all pinned to the same ETag.
 * The first block is read straight from its response as it arrives, so the reader starts at once instead of
 * waiting for a whole block to be buffered (and scanning overlaps with receiving); the blocks after it are
 * fetched ahead into memory. Memory use is bounded by {@code parallelism * blockSize}.
 */
public final class ParallelRangeInputStream extends InputStream {

    private final ObjectStore store;
    private final ObjectLocation location;
    private final String etag;
    private final long end;
    private final int blockSize;
    private final int parallelism;
    private final Executor executor;
    private final Deque<CompletableFuture<byte[]>> inFlight = new ArrayDeque<>();
    private long nextFetch;
    private InputStream streamed;
    private byte[] current = new byte[0];
    private int pos;

    public ParallelRangeInputStream(ObjectStore store, ObjectLocation location, String etag, long start, long end,
                                    int blockSize, int parallelism, Executor executor) {
        this.store = store;
        this.location = location;
        this.etag = etag;
        this.end = end;
        this.blockSize = blockSize;
        this.parallelism = Math.max(1, parallelism);
        this.executor = executor;
        int first = (int) Math.min(blockSize, end - start);
        this.streamed = store.open(location, start, first, etag);
        this.nextFetch = start + first;
        fill();
    }

    private void fill() {
        while (inFlight.size() + (streamed != null ? 1 : 0) < parallelism && nextFetch < end) {
            long off = nextFetch;
            int len = (int) Math.min(blockSize, end - off);
            nextFetch += len;
            inFlight.add(CompletableFuture.supplyAsync(() -> store.read(location, off, len, etag), executor));
        }
    }

    private boolean advance() throws IOException {
        CompletableFuture<byte[]> next = inFlight.poll();
        if (next == null) {
            return false;
        }
        try {
            current = next.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading " + location);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(c.getMessage(), c);
        }
        pos = 0;
        fill();
        return true;
    }

    /** Reads from the streamed first block; -1 once it is done (and closed). */
    private int readStreamed(byte[] b, int off, int len) throws IOException {
        int n = streamed.read(b, off, len);
        if (n < 0) {
            streamed.close();
            streamed = null;
            fill();
        }
        return n;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (streamed != null) {
            int n = readStreamed(b, off, len);
            if (n > 0) {
                return n;
            }
        }
        while (pos >= current.length) {
            if (!advance()) {
                return -1;
            }
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        inFlight.forEach(f -> f.cancel(true));
        inFlight.clear();
        if (streamed != null) {
            streamed.close();
            streamed = null;
        }
    }
}
