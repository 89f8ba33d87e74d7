package io.dataplug.core.reader;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The bytes a writer produces in a background thread, as an input stream: formats evaluate a slice by writing
 * it, readers want to pull. A few 64 KiB chunks are buffered, so the writer never runs far ahead. A failure of
 * the writer is thrown, as it was thrown, by the read that reaches it, after every byte written before it: a
 * failed evaluation never looks like a shorter one. Closing the stream early stops the writer at its next write.
 */
final class EvaluationPipe extends InputStream {

    /** What runs in the background thread. */
    interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final int CHUNK = 64 << 10;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(8);
    private final Thread thread;
    private volatile boolean closed;
    private volatile Throwable failure;
    private byte[] current = new byte[0];
    private int pos;
    private boolean ended;

    private EvaluationPipe(String name, Writer writer) {
        thread = new Thread(() -> run(writer), name);
        thread.setDaemon(true);
    }

    static EvaluationPipe start(String name, Writer writer) {
        EvaluationPipe pipe = new EvaluationPipe(name, writer);
        pipe.thread.start();
        return pipe;
    }

    private void run(Writer writer) {
        try (Sink sink = new Sink()) {
            writer.writeTo(sink);
        } catch (Cancelled stopped) {
            return;
        } catch (Throwable t) {
            failure = t;
        }
        try {
            put(END);
        } catch (Cancelled stopped) {
            // the reader is gone
        }
    }

    private void put(byte[] chunk) throws Cancelled {
        try {
            while (!queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                if (closed) {
                    throw new Cancelled();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancelled();
        }
        if (closed) {
            throw new Cancelled();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (len == 0) {
            return 0;
        }
        while (pos == current.length) {
            if (ended || !take()) {
                return -1;
            }
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    /** Takes the next chunk; false at the end of a successful evaluation, the writer's failure otherwise. */
    private boolean take() throws IOException {
        try {
            current = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the slice's bytes");
        }
        pos = 0;
        if (current != END) {
            return true;
        }
        ended = true;
        Throwable t = failure;
        if (t == null) {
            return false;
        }
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        throw new IOException(t);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.clear();
        if (thread.isAlive() && Thread.currentThread() != thread) {
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Thrown inside the writer's thread when the reader has closed the stream. */
    private static final class Cancelled extends IOException {
        Cancelled() {
            super("the reader closed the stream");
        }
    }

    /** Cuts what the writer writes into chunks. */
    private final class Sink extends OutputStream {
        private byte[] buf = new byte[CHUNK];
        private int n;

        @Override
        public void write(int b) throws IOException {
            if (n == buf.length) {
                flushChunk();
            }
            buf[n++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (n == buf.length) {
                    flushChunk();
                }
                int k = Math.min(len, buf.length - n);
                System.arraycopy(b, off, buf, n, k);
                n += k;
                off += k;
                len -= k;
            }
        }

        private void flushChunk() throws IOException {
            if (closed) {
                throw new Cancelled();
            }
            if (n > 0) {
                put(n == buf.length ? buf : Arrays.copyOf(buf, n));
                buf = new byte[CHUNK];
                n = 0;
            }
        }

        @Override
        public void close() throws IOException {
            flushChunk();
        }
    }
}
