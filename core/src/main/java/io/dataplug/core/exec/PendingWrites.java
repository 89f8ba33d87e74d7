package io.dataplug.core.exec;

import io.dataplug.core.storage.RangeStreams;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes under way in the background, so that a map task's thread goes on to its next task while its chunk result
 * is stored (a round trip per chunk, after everything else the task did). {@link #await} waits for them all and
 * fails with the first that failed; a write that succeeded is forgotten as soon as it lands.
 */
final class PendingWrites {

    private final Set<CompletableFuture<Void>> inFlight = ConcurrentHashMap.newKeySet();

    void submit(Runnable write) {
        CompletableFuture<Void> f = CompletableFuture.runAsync(write, RangeStreams.ioExecutor());
        inFlight.add(f);
        f.whenComplete((ok, failed) -> {
            if (failed == null) {
                inFlight.remove(f);
            }
        });
    }

    /** Waits for every write submitted so far; throws the first failure, with the others suppressed. */
    void await() {
        RuntimeException first = null;
        for (CompletableFuture<Void> f : List.copyOf(inFlight)) {
            try {
                f.join();
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                if (first == null) {
                    first = cause;
                } else if (cause != first) {
                    first.addSuppressed(cause);
                }
            } finally {
                inFlight.remove(f);
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
