package io.dataplug.core.gzip;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;

/**
 * Runs another {@link UncompressedSink} on its own thread, so that checking the data (e.g. FASTQ validation)
 * overlaps with decompression. Chunks are copied (the decoder reuses its buffer) and handed over in order
 * through a short queue. {@link #drain()} waits until the other sink has seen everything handed over so far
 * and rethrows what it threw, as the same object; so does every later {@link #accept}. Close it to end the
 * thread.
 */
public final class PipelinedSink implements UncompressedSink, AutoCloseable {

    private record Chunk(byte[] b, int len, long offset, CountDownLatch barrier) {
    }

    private static final Chunk END = new Chunk(null, 0, 0, null);

    private final UncompressedSink delegate;
    private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(4);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(8);
    private final Thread thread;
    private volatile Throwable failure;

    public PipelinedSink(UncompressedSink delegate) {
        this.delegate = delegate;
        this.thread = new Thread(this::loop, "uncompressed-sink");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void accept(byte[] b, int off, int len, long uncompressedOffset) throws IOException {
        rethrow();
        byte[] copy = free.poll();
        if (copy == null || copy.length < len) {
            copy = new byte[Math.max(len, 1 << 20)];
        }
        System.arraycopy(b, off, copy, 0, len);
        put(new Chunk(copy, len, uncompressedOffset, null));
    }

    /** Waits until the other sink has consumed every chunk handed over, then rethrows its failure if any. */
    public void drain() throws IOException {
        CountDownLatch latch = new CountDownLatch(1);
        put(new Chunk(null, 0, 0, latch));
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the data check");
        }
        rethrow();
    }

    @Override
    public void close() {
        try {
            queue.put(END);
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void put(Chunk c) throws InterruptedIOException {
        try {
            queue.put(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while handing data to the check");
        }
    }

    private void rethrow() throws IOException {
        Throwable t = failure;
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
    }

    private void loop() {
        for (;;) {
            Chunk c;
            try {
                c = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (c == END) {
                return;
            }
            if (c.barrier() != null) {
                c.barrier().countDown();
                continue;
            }
            if (failure == null) {
                try {
                    delegate.accept(c.b(), 0, c.len(), c.offset());
                } catch (Throwable t) {
                    failure = t; // later chunks are dropped; the decoding thread sees it at its next call
                }
            }
            free.offer(c.b());
        }
    }
}
