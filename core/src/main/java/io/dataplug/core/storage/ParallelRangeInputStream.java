package io.dataplug.core.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.SequenceInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * Streams {@code [start, end)} of one object as consecutive blocks fetched concurrently: up to
 * {@code parallelism} ranged GETs are in flight ahead of the reader, all pinned to the same ETag.
 * The first block is read straight from its response as it arrives, so the reader starts at once instead of
 * waiting for a whole block to be buffered (and scanning overlaps with receiving); the blocks after it are
 * fetched ahead into memory, in pieces small enough to be ordinary young-generation garbage (a whole block in
 * one array is a "humongous" object for G1, whose allocations start collections of their own). A tail shorter
 * than an eighth of a block joins the block before it. Memory use is bounded by about
 * {@code parallelism * blockSize}. Closed early (a reader that stops, a task another run made pointless), the
 * fetches ahead stop within a piece.
 */
public final class ParallelRangeInputStream extends InputStream {

    /** Below G1's humongous threshold (half a region) for every region size (1 MiB and up). */
    static final int PIECE = 256 << 10;

    private final ObjectStore store;
    private final ObjectLocation location;
    private final String etag;
    private final long end;
    private final int blockSize;
    private final int parallelism;
    private final Executor executor;
    private final Deque<CompletableFuture<InputStream>> inFlight = new ArrayDeque<>();
    private long nextFetch;
    private InputStream current;
    /** Set when the reader closes: fetches under way stop at their next piece (a cancelled future does not stop them). */
    private volatile boolean closed;

    public ParallelRangeInputStream(ObjectStore store, ObjectLocation location, String etag, long start, long end,
                                    int blockSize, int parallelism, Executor executor) {
        this.store = store;
        this.location = location;
        this.etag = etag;
        this.end = end;
        this.blockSize = blockSize;
        this.parallelism = Math.max(1, parallelism);
        this.executor = executor;
        int first = blockAt(start);
        this.nextFetch = start + first;
        fill(); // the blocks ahead are requested before the first block's response is waited for: one round trip
        try {
            this.current = store.open(location, start, first, etag);
        } catch (RuntimeException e) {
            cancelInFlight();
            throw e;
        }
    }

    /** The length of the block at {@code off}: a block, or the rest when less than an eighth of a block would be left. */
    private int blockAt(long off) {
        long rest = end - off;
        return (int) (rest - blockSize < blockSize / 8 ? rest : blockSize);
    }

    private void fill() {
        while (inFlight.size() + 1 < parallelism && nextFetch < end) {
            long off = nextFetch;
            int len = blockAt(off);
            nextFetch += len;
            inFlight.add(CompletableFuture.supplyAsync(() -> fetch(off, len), executor));
        }
    }

    /** One ranged GET, buffered in pieces. */
    private InputStream fetch(long off, int len) {
        List<InputStream> pieces = new ArrayList<>((len + PIECE - 1) / PIECE);
        try (InputStream in = store.open(location, off, len, etag)) {
            for (int done = 0; done < len; ) {
                if (closed) { // nobody will read this block: the rest of its response is dropped, not downloaded
                    return InputStream.nullInputStream();
                }
                byte[] piece = new byte[Math.min(PIECE, len - done)];
                int n = in.readNBytes(piece, 0, piece.length);
                if (n != piece.length) {
                    throw new StorageException(location.toUri(), "short read at offset " + (off + done + n) + ": wanted "
                            + len + " bytes from offset " + off);
                }
                pieces.add(new ByteArrayInputStream(piece));
                done += n;
            }
        } catch (IOException e) {
            throw new StorageException(location.toUri(), "read failed at offset " + off + ": " + e.getMessage(), e);
        }
        return new SequenceInputStream(Collections.enumeration(pieces));
    }

    /** Moves on to the next block; false when there is none. */
    private boolean advance() throws IOException {
        current.close();
        CompletableFuture<InputStream> next = inFlight.poll();
        if (next == null) { // nothing fetched ahead (parallelism 1): stream the next block, if any
            if (nextFetch >= end) {
                current = InputStream.nullInputStream();
                return false;
            }
            int len = blockAt(nextFetch);
            current = store.open(location, nextFetch, len, etag);
            nextFetch += len;
            return true;
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
        fill();
        return true;
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
        while (true) {
            int n = current.read(b, off, len);
            if (n > 0) {
                return n;
            }
            if (n < 0 && !advance()) {
                return -1;
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        cancelInFlight();
        current.close();
    }

    private void cancelInFlight() {
        inFlight.forEach(f -> f.cancel(true));
        inFlight.clear();
    }
}
