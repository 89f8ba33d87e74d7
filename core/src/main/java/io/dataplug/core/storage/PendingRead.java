package io.dataplug.core.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A read started on the I/O executor (virtual threads) so that independent round trips wait together instead of
 * one after another. {@link #join()} rethrows what the read threw, unwrapped, as if it had run in the caller.
 */
public final class PendingRead<T> {

    /** A read that may fail with an {@link IOException}. */
    @FunctionalInterface
    public interface Read<T> {
        T get() throws IOException;
    }

    private final CompletableFuture<T> future;

    private PendingRead(CompletableFuture<T> future) {
        this.future = future;
    }

    public static <T> PendingRead<T> start(Read<T> read) {
        return new PendingRead<>(CompletableFuture.supplyAsync(() -> {
            try {
                return read.get();
            } catch (IOException e) {
                throw new CarriedIo(e);
            }
        }, RangeStreams.ioExecutor()));
    }

    /** The read's value, or what it threw (an IOException, RuntimeException or Error, unwrapped). */
    public T join() throws IOException {
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
