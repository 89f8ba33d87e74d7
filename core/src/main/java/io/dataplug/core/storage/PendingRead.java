package io.dataplug.core.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A read started on the I/O executor (virtual threads) so that independent round trips wait together instead of
 * one after another, or deferred until something waits for it. {@link #join()} rethrows what the read threw,
 * unwrapped, as if it had run in the caller.
 */
public final class PendingRead<T> {

    /** A read that may fail with an {@link IOException}. */
    @FunctionalInterface
    public interface Read<T> {
        T get() throws IOException;
    }

    private final CompletableFuture<T> future;
    /** A deferred read, run by the first {@link #join()}; null once started (or for a read started at once). */
    private volatile Read<T> deferred;

    private PendingRead(CompletableFuture<T> future, Read<T> deferred) {
        this.future = future;
        this.deferred = deferred;
    }

    public static <T> PendingRead<T> start(Read<T> read) {
        return new PendingRead<>(CompletableFuture.supplyAsync(() -> carried(read), RangeStreams.ioExecutor()), null);
    }

    /** A read that runs only if someone needs its value: in the thread of the first {@link #join()}. */
    public static <T> PendingRead<T> deferred(Read<T> read) {
        return new PendingRead<>(new CompletableFuture<>(), read);
    }

    private static <T> T carried(Read<T> read) {
        try {
            return read.get();
        } catch (IOException e) {
            throw new CarriedIo(e);
        }
    }

    /** Whether the read was started: at once, or (a deferred one) by a {@link #join()}. */
    public boolean started() {
        return deferred == null;
    }

    /** The read's value, or what it threw (an IOException, RuntimeException or Error, unwrapped). */
    public T join() throws IOException {
        runIfDeferred();
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CarriedIo io) {
                throw io.getCause();
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(cause);
        } catch (CancellationException e) {
            throw new IOException("read cancelled", e);
        }
    }

    private synchronized void runIfDeferred() {
        Read<T> read = deferred;
        if (read == null) {
            return;
        }
        deferred = null;
        try {
            future.complete(carried(read));
        } catch (RuntimeException | Error e) {
            future.completeExceptionally(e);
        }
    }

    /** Whether the read has ended (with a value or an error), so that {@link #join()} does not wait. */
    public boolean isDone() {
        return future.isDone();
    }

    /** Gives up on the read (its value, if it comes, is dropped). */
    public void cancel() {
        future.cancel(true);
    }

    /** Carries a read's IOException through the future, to be thrown as it was by {@link #join()}. */
    private static final class CarriedIo extends UncheckedIOException {
        CarriedIo(IOException cause) {
            super(cause);
        }
    }
}
