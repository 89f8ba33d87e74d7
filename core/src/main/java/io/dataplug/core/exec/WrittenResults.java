package io.dataplug.core.exec;

import io.dataplug.core.index.ChunkResult;
import io.dataplug.core.storage.ObjectLocation;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chunk results this process stored, by where it stored them, until a finalize of the same plan takes them:
 * when map tasks and finalize run in one process (the CLI, a local backend), finalize need not read back what it
 * just wrote, one round trip per chunk. A taken result goes through the same checks as one read from the store
 * ({@link ChunkResult#isFor} and the format's record), and anything not here is read from the store as before,
 * so a finalize in another process, or after a crash, is unchanged.
 */
final class WrittenResults {

    private final Map<String, ChunkResult> results = new ConcurrentHashMap<>();

    /** Records a result stored at {@code at}, or on its way there ({@link PendingWrites}). */
    void stored(ObjectLocation at, ChunkResult result) {
        results.put(at.toUri(), result);
    }

    /** Whether this process stored the result at {@code at} and no finalize took it yet. */
    boolean holds(ObjectLocation at) {
        return results.containsKey(at.toUri());
    }

    /** The result this process stored at {@code at}, removed (finalize takes each once, so memory stays bounded). */
    Optional<ChunkResult> take(ObjectLocation at) {
        return Optional.ofNullable(results.remove(at.toUri()));
    }
}
